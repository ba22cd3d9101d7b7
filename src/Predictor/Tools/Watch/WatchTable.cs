using System.Globalization;
using Spectre.Console;
using StreamForecast.Contracts;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.MarketData;

namespace StreamForecast.Predictor.Tools.Watch;

/// <summary>
/// The watcher's table, one row per series: full where the terminal is wide, compact (a row within 100
/// columns) where it is not, Markdown when the output is not a terminal. Under it, what the table cannot say
/// per series: the service's real consumer lag, and records the broker dropped before they were read.
/// </summary>
internal static class WatchTable
{
    /// <summary>Terminal columns below which the compact layout is used.</summary>
    public const int CompactBelow = 170;

    public static Table Render(PipelineWatch watch, int horizon, bool compact)
    {
        var table = new Table().Title("Stream, live").Caption(Markup.Escape(Footer(watch)));
        foreach (string column in Columns(horizon, compact))
        {
            table.AddColumn(column);
        }

        foreach (SeriesView view in watch.Series.Values)
        {
            table.AddRow([.. Cells(view, horizon, compact).Select(Markup.Escape)]);
        }

        return table;
    }

    /// <summary>The table as Markdown, with its footer line, for logs, pipes and the closing summary.</summary>
    public static string Markdown(PipelineWatch watch, int horizon, bool compact)
    {
        string[] columns = Columns(horizon, compact);
        var lines = new List<string> { "| " + string.Join(" | ", columns) + " |", "|" + string.Concat(Enumerable.Repeat("---|", columns.Length)) };
        lines.AddRange(watch.Series.Values.Select(view => "| " + string.Join(" | ", Cells(view, horizon, compact)) + " |"));
        lines.Add("");
        lines.Add(Footer(watch));
        return string.Join('\n', lines);
    }

    /// <summary>The service's consumer lag, and what the broker dropped unread (the mock keeps 5 MiB a partition).</summary>
    public static string Footer(PipelineWatch watch)
    {
        string lag = watch.ConsumerLag is { } records ? $"service consumer lag: {N(records)} bars not yet consumed by group {watch.Group}" : $"service consumer lag: unknown (no offsets committed by group {watch.Group} yet)";
        string dropped = watch.Dropped.Count == 0 ? "" : $"; dropped by the broker before they were read: {string.Join(", ", watch.Dropped.Select(pair => $"{N(pair.Value)} {pair.Key}"))} (the mock broker keeps 5 MiB a partition: replay slower, or read with a real broker)";
        return lag + dropped;
    }

    public static string[] Columns(int k, bool compact) => compact
        ? ["series", "bars", "predictions", "bars − predictions", "p50/p99 ms", "next lstm / naive", $"MASE h1 / h{k}", "cov h1 by level"]
        : ["series", "bars", "predictions", "scores", "bars − predictions", "event time", "latency p50/p99 ms", "next minute lstm / naive", "lstm range (widest level)", "RMSE h1 lstm/naive", $"RMSE h{k} lstm/naive", $"MASE h1 / h{k} lstm", "coverage h1 lstm"];

    public static IEnumerable<string> Cells(SeriesView view, int k, bool compact)
    {
        var (lstm1, mase1) = view.Metric(ModelNames.LstmIndex, 1);
        var (naive1, _) = view.Metric(ModelNames.NaiveIndex, 1);
        var (lstmK, maseK) = view.Metric(ModelNames.LstmIndex, k);
        var (naiveK, _) = view.Metric(ModelNames.NaiveIndex, k);
        Prediction? last = view.LastPrediction;
        string next = last is null ? "-" : $"{F(last.Lstm[0])} / {F(last.Baselines[0].Close(1))}";
        string latency = string.Create(CultureInfo.InvariantCulture, $"{view.Latency(0.5):F0} / {view.Latency(0.99):F0}");
        yield return view.Series;
        yield return N(view.Bars);
        yield return N(view.Predictions);
        if (!compact)
        {
            yield return N(view.Scores);
        }

        yield return N(Math.Max(0, view.Bars - view.Predictions));
        if (!compact)
        {
            yield return last is null ? "-" : DateRange.Format(last.AsOf);
        }

        yield return latency;
        yield return next;
        if (!compact)
        {
            PredictionInterval? range = last?.Intervals?.MaxBy(i => i.Level);
            yield return last is null || range?.HalfWidths[0] is not { } q ? "-" : $"{F(last.Lstm[0] - q)} – {F(last.Lstm[0] + q)} ({range.Level:0.#} %)";
            yield return $"{F(lstm1)} / {F(naive1)}";
            yield return $"{F(lstmK)} / {F(naiveK)}";
        }

        yield return $"{F(mase1)} / {F(maseK)}";
        var coverage = view.LastMetrics?.Intervals?.Where(i => i.Model == ModelNames.Lstm && i.Coverage[0] is not null)
            .Select(i => compact
                ? string.Create(CultureInfo.InvariantCulture, $"{i.Coverage[0]:P0}")
                : string.Create(CultureInfo.InvariantCulture, $"{i.Coverage[0]:P1} of {i.Level:0.#} %"));
        yield return coverage is null || !coverage.Any() ? "-" : string.Join(compact ? "/" : ", ", coverage);
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string F(double? value) => value is { } v ? v.ToString("G5", CultureInfo.InvariantCulture) : "-";
}
