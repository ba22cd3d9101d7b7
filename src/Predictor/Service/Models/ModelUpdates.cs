using Microsoft.Extensions.Logging;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Rollout;
using StreamForecast.Forecasting.Store;
using StreamForecast.Predictor.Service.Telemetry;

namespace StreamForecast.Predictor.Service.Models;

/// <summary>
/// Applies the models topic's records to the routes, in the order read: a champion record adds a route or replaces
/// its champion (the route's challenger, once promoted, becomes it with its warm rows); a challenger record puts a
/// challenger beside the champion, or re-plans it (its promotion minute); an empty challenger record retires it.
/// A record that cannot be applied throws <see cref="InvalidDataException"/> with the reason and changes nothing.
/// </summary>
internal sealed class ModelUpdates(ModelRouter router, ForecastSettings settings, PredictorTelemetry telemetry, ILogger log)
{
    public void Apply(ModelRecord record)
    {
        ForecastModel model = record.Load(settings.Horizon);
        if (record.Header.Role == ModelHeader.Champion)
        {
            Champion(record, model);
        }
        else
        {
            Challenger(record, model);
        }
    }

    /// <summary>An empty <c>ROUTE/challenger</c> record: the challenger's rows leave; the champion serves on.</summary>
    public void Retire(string name)
    {
        if (router.Route(name) is not { Challenger: not null } route)
        {
            return;
        }

        int promoted = Clear(route.Models.Promoted!.Store);
        Clear(route.Models.Shadow!.Store);
        route.Models = new RouteModels(route.Models.Champion, route.Promotions);
        (route.Challenger, route.ChallengerProcessors) = (null, null);
        ModelsLog.Changed(log, name, "challenger retired");
        if (promoted > 0)
        {
            ModelsLog.Dropped(log, name, $"{promoted} series it already served start fresh on the champion");
        }
    }

    private void Champion(ModelRecord record, ForecastModel model)
    {
        ModelHeader header = record.Header;
        if (router.Route(header.Route) is not { } route)
        {
            route = router.AddRoute(header.Route, SeriesAllowList.Of(header.Series.Count > 0 ? header.Series : [header.Route]), model);
            route.ChampionDigest = header.Sha256;
            ModelsLog.Changed(log, header.Route, $"added for {string.Join(", ", header.Series.DefaultIfEmpty(header.Route))}, champion {model.Id} ({header.Sha256})");
            return;
        }

        if (header.Series.Count > 0 && header.Route != ServedRoute.Default)
        {
            route.Series = SeriesAllowList.Of(header.Series);
            router.Rerouted();
        }

        RouteModels models = route.Models;
        if (router.Fingerprint(models.Champion) == ModelFingerprint(model))
        {
            route.ChampionDigest = header.Sha256;
            return;
        }

        if (route.Challenger?.Header.Sha256 == header.Sha256)
        {
            // The challenger is the champion now: series not yet at its promotion minute are promoted by this record.
            int moved = 0, cold = 0;
            SeriesStore champion = models.Champion.Store;
            foreach (string series in Names(champion))
            {
                bool warm = models.Shadow!.Store.MoveTo(series, models.Promoted!.Store);
                moved += warm ? 1 : 0;
                cold += warm ? 0 : 1;
                champion.Remove(series);
            }

            Clear(models.Shadow!.Store);
            route.Models = new RouteModels(models.Promoted!, route.Promotions);
            (route.Challenger, route.ChallengerProcessors) = (null, null);
            route.Promotions.Record += moved;
            ModelsLog.Changed(log, header.Route, $"challenger {model.Id} is the champion; {moved} series promoted by the record, {cold} start fresh");
        }
        else
        {
            int dropped = Clear(models.Champion.Store);
            route.Models = new RouteModels(router.Create(model), route.Promotions);
            if (route.ChallengerProcessors is { } challenger && route.Challenger is { } plan)
            {
                challenger.Join(route.Models, plan.Plan);
            }

            ModelsLog.Changed(log, header.Route, $"champion {model.Id} ({header.Sha256}) replaces {models.Champion.Model.Id}; {dropped} series start fresh");
        }

        route.ChampionDigest = header.Sha256;
    }

    private void Challenger(ModelRecord record, ForecastModel model)
    {
        ModelHeader header = record.Header;
        ServedRoute route = router.Route(header.Route) ?? throw new InvalidDataException($"no route {header.Route}: publish its champion first (./stream predictor model list shows the routes)");
        if (router.Fingerprint(route.Models.Champion) == ModelFingerprint(model))
        {
            throw new InvalidDataException($"{model.Id} is route {header.Route}'s champion already");
        }

        ChallengerPlan plan = record.Plan;
        if (route.Challenger?.Header.Sha256 == header.Sha256)
        {
            route.Models.Replan(plan);
            route.Challenger = record;
            ModelsLog.Changed(log, header.Route, $"challenger {model.Id} promoted at {header.PromoteAt ?? "no minute (shadow only)"}");
            return;
        }

        Retire(header.Route);
        ChallengerProcessors processors = router.CreateChallenger(model);
        processors.Join(route.Models, plan);
        (route.Challenger, route.ChallengerProcessors) = (record, processors);
        ModelsLog.Changed(log, header.Route, $"challenger {model.Id} ({header.Sha256}) in shadow from {header.StartAt ?? "now"}{(header.PromoteAt is { } at ? $", serving from {at}" : "")}");
        int late = Names(route.Models.Champion.Store).Count(series =>
            route.Models.Champion.Store.TryGet(series, out int slot) && route.Models.Champion.Store.Layout.LastTime.Get(route.Models.Champion.Store.Row(slot)) >= plan.StartAt);
        if (late > 0)
        {
            telemetry.ChallengerLateSeries.Add(late);
            ModelsLog.LateChallenger(log, header.Route, late, header.StartAt ?? "now");
        }
    }

    private ulong ModelFingerprint(ForecastModel model) => State.ModelFingerprint.Of(model, settings);

    private static List<string> Names(SeriesStore store) =>
        [.. Enumerable.Range(0, store.SlotLimit).Where(store.InUse).Select(store.Name)];

    /// <summary>Empties a store; returns how many series it held.</summary>
    private static int Clear(SeriesStore store)
    {
        List<string> names = Names(store);
        names.ForEach(series => store.Remove(series));
        return names.Count;
    }
}
