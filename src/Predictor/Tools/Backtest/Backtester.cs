using System.Diagnostics;
using StreamForecast.Engine.Inference;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Rollout;
using StreamForecast.Forecasting.Store;
using StreamForecast.MarketData;

namespace StreamForecast.Predictor.Tools.Backtest;

/// <summary>
/// Streams a series' bars through the same <see cref="ForecastProcessor"/> the Kafka service uses (and, with a
/// challenger, the same <see cref="RouteModels"/>: shadow from its start minute, serving from its promotion
/// minute) and keeps every forecast and the final scores. Nothing here sees a bar before the processor has been given it.
/// </summary>
internal static class Backtester
{
    private const int Chunk = 1024;

    public static BacktestResult Run(
        ForecastModel model, IRecurrentBackend backend, BarReader reader, string series, string from, string to, ForecastSettings settings, Challenge? challenge = null)
    {
        var outputs = new RouteCollector();
        var actuals = new List<(long, double)>();
        var chunk = new SeriesBar[Chunk];
        int count = 0;
        long started = Stopwatch.GetTimestamp();
        using var processor = new ForecastProcessor(model, backend, settings);
        using ChallengerProcessors? challenger = challenge is null ? null : new ChallengerProcessors(challenge.Model, settings);
        var route = new RouteModels(processor);
        challenger?.Join(route, challenge!.Plan);
        foreach (Bar bar in reader.Read())
        {
            actuals.Add((bar.Timestamp, bar.Close));
            chunk[count++] = new SeriesBar(series, bar);
            if (count == Chunk)
            {
                outputs.Process(route, chunk, count);
                count = 0;
            }
        }

        outputs.Process(route, chunk, count);
        ForecastProcessor serving = route.Promoted is { } promoted && promoted.Store.TryGet(series, out _) ? promoted : processor;
        if (!serving.Store.TryGet(series, out int slot))
        {
            throw new InvalidDataException($"no bars of {series} between {from} and {to} ({reader.Report}).");
        }

        ReadOnlySpan<byte> row = serving.Store.Row(slot);
        RowLayout layout = serving.Store.Layout;
        long[] counters = layout.Counters.In(row).ToArray();
        var final = MetricsSnapshot.Of(new MetricsView(0, series, layout.LastTime.Get(row), counters[SeriesCounters.Bars], row, serving.Metrics));
        string modelId = serving == processor ? model.Id : $"{model.Id} → {serving.Model.Id}";
        return new BacktestResult(series, modelId, from, to, settings.Horizon, settings.Gaps.ToString(), reader.Report, counters, final, [.. outputs.Served], actuals, Stopwatch.GetElapsedTime(started), settings.Intervals)
        {
            Shadowed = [.. outputs.Shadowed],
        };
    }
}
