using System.CommandLine;
using StreamForecast.Contracts;
using StreamForecast.Forecasting.Rollout;
using StreamForecast.Predictor.Service;
using StreamForecast.Predictor.Service.Models;
using StreamForecast.Predictor.Tools.Rollout;

namespace StreamForecast.Predictor.Tools.Cli;

/// <summary>
/// <c>model promote R --at ISO|next</c>, or <c>--when-better [--min-forecasts N]</c>: sets the minute a route's challenger
/// starts serving; with <c>--when-better</c> only when it is significantly better than the champion at h = 1 and not
/// worse at any horizon (Diebold–Mariano on the live scores), at the next minute.
/// </summary>
internal static class ModelPromoteCommand
{
    public static Command Create()
    {
        var route = new Argument<string>("route") { Description = "The route whose challenger to promote." };
        var at = new Option<string?>("--at") { Description = "The minute it starts serving: ISO (UTC unless offset) or 'next'." };
        var whenBetter = new Option<bool>("--when-better") { Description = "Promote at the next minute only if the live scores say it is better (prints the table and the decision)." };
        var minForecasts = new Option<int>("--min-forecasts") { Description = "With --when-better: the fewest scored h = 1 forecasts to decide on.", DefaultValueFactory = _ => 200 };
        var scoresTopic = new Option<string>("--scores-topic") { Description = "Where the live scores are.", DefaultValueFactory = _ => TopicNames.Scores };
        var options = new RolloutOptions();
        var command = new Command("promote", "Sets the minute a route's challenger starts serving (without a gap: its rows are warm).")
        {
            route, at, whenBetter, minForecasts, scoresTopic,
        };
        options.AddTo(command);
        command.SetAction(result => CommandErrors.Run(() =>
        {
            string name = result.GetValue(route)!;
            ModelsTopicClient client = options.Client(result);
            Dictionary<string, ModelRecord> records = client.Read();
            if (!records.TryGetValue(ModelRecord.KeyOf(name, ModelHeader.Challenger), out ModelRecord? challenger))
            {
                throw new ArgumentException($"route {name} has no challenger to promote (publish one with ./stream predictor model publish FILE --route {name} --challenger)");
            }

            string when = result.GetValue(at) ?? (result.GetValue(whenBetter) ? "next" : throw new ArgumentException("say when: --at ISO|next, or --when-better"));
            if (result.GetValue(whenBetter))
            {
                var inRoute = RouteSeries(records, name);
                List<ChallengerComparison.Row> rows = ChallengerComparison.Of(
                    client.All(result.GetValue(scoresTopic)!), inRoute);
                var (promote, why) = ChallengerComparison.Decide(rows, result.GetValue(minForecasts));
                Console.WriteLine(ChallengerComparison.Table(rows));
                Console.WriteLine($"decision: {(promote ? "promote" : "keep the champion")}: {why}");
                if (!promote)
                {
                    return;
                }
            }

            long minute = options.Minute(result, client, when, "--at");
            if (minute < challenger.StartMinute)
            {
                throw new ArgumentException($"--at {RolloutMinute.Format(minute)} is before the challenger's start {challenger.Header.StartAt}");
            }

            var record = challenger with { Header = challenger.Header with { PromoteAt = RolloutMinute.Format(minute), PublishedBy = RolloutOptions.By(), PublishedAt = RolloutOptions.Now() } };
            client.Publish(record.Key, record.Encode(), ModelsTopic.MaxRecordBytes);
            Console.WriteLine($"{name}: challenger {challenger.Header.ModelId} serves from {record.Header.PromoteAt}");
        }));
        return command;
    }

    /// <summary>Whether a series is the route's: its champion record's series, its own name, or (default) no other route's.</summary>
    public static Func<string, bool> RouteSeries(Dictionary<string, ModelRecord> records, string route)
    {
        SeriesAllowList Of(ModelRecord champion) => SeriesAllowList.Of(champion.Header.Series.Count > 0 ? champion.Header.Series : [champion.Header.Route]);
        var champions = records.Values.Where(r => r.Header.Role == ModelHeader.Champion && r.Header.Route != ServedRoute.Default).ToList();
        if (route != ServedRoute.Default)
        {
            SeriesAllowList own = champions.Find(r => r.Header.Route == route) is { } champion ? Of(champion) : SeriesAllowList.Of([route]);
            return own.Allows;
        }

        List<SeriesAllowList> others = [.. champions.Select(Of)];
        return series => !others.Any(list => list.Allows(series));
    }
}
