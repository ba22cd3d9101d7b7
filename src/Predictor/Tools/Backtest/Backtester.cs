using System.Diagnostics;
using StreamForecast.Engine.Inference;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Store;
using StreamForecast.MarketData;

namespace StreamForecast.Predictor.Tools.Backtest;

/// <summary>
/// Streams a series' bars through the same <see cref="ForecastProcessor"/> the Kafka service uses
/// and keeps every forecast and the final scores. Nothing here sees a bar before the processor has been given it.
/// </summary>
internal static class Backtester
{
    private const int Chunk = 1024;

    public static BacktestResult Run(ForecastModel model, IRecurrentBackend backend, BarReader reader, string series, string from, string to, ForecastSettings settings)
    {
        var collector = new ForecastCollector();
        var actuals = new List<(long, double)>();
        var chunk = new SeriesBar[Chunk];
        int count = 0;
        long started = Stopwatch.GetTimestamp();
        using var processor = new ForecastProcessor(model, backend, settings);
        foreach (Bar bar in reader.Read())
        {
            actuals.Add((bar.Timestamp, bar.Close));
            chunk[count++] = new SeriesBar(series, bar);
            if (count == Chunk)
            {
                processor.Process(chunk, collector);
                count = 0;
            }
        }

        processor.Process(chunk.AsSpan(0, count), collector);
        if (!processor.Store.TryGet(series, out int slot))
        {
            throw new InvalidDataException($"no bars of {series} between {from} and {to} ({reader.Report}).");
        }

        ReadOnlySpan<byte> row = processor.Store.Row(slot);
        RowLayout layout = processor.Store.Layout;
        long[] counters = layout.Counters.In(row).ToArray();
        var final = MetricsSnapshot.Of(new MetricsView(0, series, layout.LastTime.Get(row), counters[SeriesCounters.Bars], row, processor.Metrics));
        return new BacktestResult(series, model.Id, from, to, settings.Horizon, settings.Gaps.ToString(), reader.Report, counters, final, collector.Forecasts, actuals, Stopwatch.GetElapsedTime(started), settings.Intervals);
    }
}
