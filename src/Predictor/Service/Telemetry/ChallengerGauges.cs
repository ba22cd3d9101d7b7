using System.Diagnostics.Metrics;
using StreamForecast.Contracts;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Rollout;
using StreamForecast.Forecasting.Scoring;
using StreamForecast.Forecasting.Store;

namespace StreamForecast.Predictor.Service.Telemetry;

/// <summary>
/// Champion against challenger, per route and horizon: the mean MASE of the challenger's LSTM over the series it
/// shadows, and of the served LSTM over the same series; and each route's promotions. Refreshed by the service thread
/// at each gauge interval (a walk of the rows in shadow only), read by the metrics.
/// </summary>
internal sealed class ChallengerGauges(ModelRouter router, int horizon)
{
    private Measurement<double>[] _mase = [];
    private (string Route, PromotionCounts Counts)[] _promotions = [];

    public IEnumerable<Measurement<double>> Mase => Volatile.Read(ref _mase);

    public IEnumerable<Measurement<long>> Promotions()
    {
        foreach (var (route, counts) in Volatile.Read(ref _promotions))
        {
            KeyValuePair<string, object?> tag = new(TelemetryTags.Route, route);
            yield return new Measurement<long>(counts.Warm, tag, new(TelemetryTags.Reason, "warm"));
            yield return new Measurement<long>(counts.Cold, tag, new(TelemetryTags.Reason, "cold"));
            yield return new Measurement<long>(counts.Record, tag, new(TelemetryTags.Reason, "record"));
        }
    }

    public void Refresh()
    {
        var mase = new List<Measurement<double>>();
        foreach (var route in router.Routes)
        {
            if (route.Models is not { Shadow: { } shadow } models)
            {
                continue;
            }

            double[] challenger = new double[horizon], champion = new double[horizon];
            int[] challengerN = new int[horizon], championN = new int[horizon];
            SeriesStore store = shadow.Store;
            for (int slot = 0; slot < store.SlotLimit; slot++)
            {
                if (!store.InUse(slot))
                {
                    continue;
                }

                Add(shadow, store.Row(slot), challenger, challengerN);
                if (router.TryFindServing(store.Name(slot), out ForecastProcessor served, out int servedSlot) && served == models.Champion)
                {
                    Add(served, served.Store.Row(servedSlot), champion, championN);
                }
            }

            for (int h = 1; h <= horizon; h++)
            {
                Emit(mase, route.Name, ChallengerRecords.Role, h, challenger[h - 1], challengerN[h - 1]);
                Emit(mase, route.Name, "champion", h, champion[h - 1], championN[h - 1]);
            }
        }

        Volatile.Write(ref _mase, [.. mase]);
        Volatile.Write(ref _promotions, [.. router.Routes.Select(route => (route.Name, route.Promotions))]);
    }

    private void Add(ForecastProcessor processor, ReadOnlySpan<byte> row, double[] sums, int[] counts)
    {
        for (int h = 1; h <= horizon; h++)
        {
            HorizonMetrics metrics = processor.Metrics.Of(row, 0, h);
            if (double.IsFinite(metrics.Mase))
            {
                sums[h - 1] += metrics.Mase;
                counts[h - 1]++;
            }
        }
    }

    private static void Emit(List<Measurement<double>> into, string route, string role, int h, double sum, int n)
    {
        if (n > 0)
        {
            into.Add(new Measurement<double>(sum / n, new(TelemetryTags.Route, route), new(TelemetryTags.Role, role), new(TelemetryTags.Horizon, h)));
        }
    }
}
