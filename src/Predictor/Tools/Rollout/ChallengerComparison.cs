using System.Globalization;
using System.Text.Json;
using StreamForecast.Contracts;
using StreamForecast.Forecasting.Forecasts;

namespace StreamForecast.Predictor.Tools.Rollout;

/// <summary>
/// Champion against challenger on the same bars, per horizon: the LSTM's errors each published for the same series
/// and minute on the scores topic (the served model's keyed by the series, the challenger's <c>SERIES#challenger</c>),
/// compared by the <see cref="DieboldMariano"/> test on absolute errors.
/// </summary>
internal static class ChallengerComparison
{
    /// <summary>One horizon's comparison.</summary>
    public sealed record Row(int H, int N, double ChampionMae, double ChallengerMae, double Statistic, double PValue)
    {
        /// <summary>The challenger's MAE is significantly lower (one-sided, 5 %).</summary>
        public bool Better => Statistic < 0 && PValue / 2 < 0.05;

        /// <summary>The challenger's MAE is significantly higher (one-sided, 5 %).</summary>
        public bool Worse => Statistic > 0 && PValue / 2 < 0.05;
    }

    /// <param name="scores">The scores topic's records (key, value), in order.</param>
    /// <param name="inRoute">Whether a series is the route's.</param>
    public static List<Row> Of(IEnumerable<(string Key, byte[] Value)> scores, Func<string, bool> inRoute)
    {
        var champion = new Dictionary<(string, long), double?[]>();
        var challenger = new Dictionary<(string, long), double?[]>();
        foreach (var (key, value) in scores)
        {
            bool shadow = key.EndsWith(ChallengerRecords.KeySuffix, StringComparison.Ordinal);
            Score? score = Parse(value);
            if (score is null || !inRoute(score.Series) || score.Models.ToList().IndexOf(ModelNames.Lstm) is not (>= 0 and var lstm))
            {
                continue;
            }

            (shadow ? challenger : champion)[(score.Series, score.Timestamp)] = [.. score.Errors.Select(e => e?[lstm])];
        }

        return Of(champion, challenger);
    }

    /// <param name="champion">The served LSTM's error at each (series, minute) its forecasts realised, per horizon (null: none).</param>
    /// <param name="challenger">The challenger's in shadow, likewise.</param>
    public static List<Row> Of(IReadOnlyDictionary<(string Series, long Minute), double?[]> champion, IReadOnlyDictionary<(string Series, long Minute), double?[]> challenger)
    {
        int horizon = challenger.Values.Select(errors => errors.Length).DefaultIfEmpty(0).Max();
        var rows = new List<Row>();
        for (int h = 1; h <= horizon; h++)
        {
            var differences = new List<IReadOnlyList<double>>();
            double championSum = 0, challengerSum = 0;
            foreach (var series in challenger.Keys.GroupBy(k => k.Series))
            {
                var d = new List<double>();
                foreach (var key in series.OrderBy(k => k.Minute))
                {
                    if (champion.TryGetValue(key, out double?[]? served) && served.Length >= h && served[h - 1] is { } a && challenger[key][h - 1] is { } b)
                    {
                        championSum += Math.Abs(a);
                        challengerSum += Math.Abs(b);
                        d.Add(Math.Abs(b) - Math.Abs(a));
                    }
                }

                differences.Add(d);
            }

            var (statistic, p, n, _) = DieboldMariano.Test(differences, h);
            rows.Add(new Row(h, n, championSum / n, challengerSum / n, statistic, p));
        }

        return rows;
    }

    /// <summary>Promote when the challenger is significantly better at h = 1 over at least <paramref name="minForecasts"/> forecasts and significantly worse at no horizon.</summary>
    public static (bool Promote, string Why) Decide(IReadOnlyList<Row> rows, int minForecasts)
    {
        if (rows.Count == 0 || rows[0].N == 0)
        {
            return (false, "no forecast of the challenger is scored yet");
        }

        if (rows[0].N < minForecasts)
        {
            return (false, string.Create(CultureInfo.InvariantCulture, $"{rows[0].N} forecasts scored at h = 1, fewer than --min-forecasts {minForecasts}"));
        }

        if (!rows[0].Better)
        {
            return (false, "the challenger is not significantly better at h = 1 (one-sided 5 %)");
        }

        return rows.FirstOrDefault(row => row.Worse) is { } worse
            ? (false, string.Create(CultureInfo.InvariantCulture, $"the challenger is significantly worse at h = {worse.H}"))
            : (true, "the challenger is significantly better at h = 1 and not worse at any horizon");
    }

    public static string Table(IReadOnlyList<Row> rows)
    {
        var text = new System.Text.StringBuilder("| h | forecasts | MAE champion | MAE challenger | DM | p |\n|---:|---:|---:|---:|---:|---:|\n");
        foreach (Row row in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {row.H} | {row.N:N0} | {row.ChampionMae:G6} | {row.ChallengerMae:G6} | {row.Statistic:F2} | {row.PValue:F4} |\n");
        }

        return text.ToString();
    }

    private static Score? Parse(byte[] value)
    {
        try
        {
            return JsonSerializer.Deserialize(value, ContractsJson.Default.Score);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
