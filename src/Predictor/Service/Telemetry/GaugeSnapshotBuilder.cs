using System.Diagnostics.Metrics;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Intervals;
using StreamForecast.Forecasting.Scoring;
using StreamForecast.Forecasting.Store;

namespace StreamForecast.Predictor.Service.Telemetry;

/// <summary>
/// Turns the series' running scores, read from their rows in one pass, into gauge measurements. Below
/// <c>seriesTagLimit</c> series each series is its own time series (tags series, model, horizon); above it the
/// series tag is dropped and the value is the mean over series, so a large deployment cannot explode the metric
/// store. Above the limit the rows are walked without allocating anything per series.
/// </summary>
internal static class GaugeSnapshotBuilder
{
    public static GaugeSnapshot Build(IReadOnlyList<ForecastProcessor> processors, int horizon, int seriesTagLimit, IReadOnlyDictionary<int, long> consumerLag, long? newestEventTime)
    {
        int count = 0;
        foreach (ForecastProcessor processor in processors)
        {
            count += processor.Store.Count;
        }

        var gauges = new Gauges(processors.Count > 0 ? processors[0].Settings.Intervals : IntervalSettings.None, horizon, count <= seriesTagLimit);
        foreach (ForecastProcessor processor in processors)
        {
            SeriesStore store = processor.Store;
            for (int slot = 0; slot < store.SlotLimit; slot++)
            {
                if (store.InUse(slot))
                {
                    gauges.Add(processor, store, slot);
                }
            }
        }

        Measurement<long>[] lag = [.. consumerLag.Select(pair => new Measurement<long>(pair.Value, new KeyValuePair<string, object?>(TelemetryTags.Partition, pair.Key)))];
        return gauges.Snapshot(newestEventTime, lag, count);
    }

    /// <summary>The measurements being built: per series below the limit, else sums for the means over series.</summary>
    private sealed class Gauges(IntervalSettings intervals, int horizon, bool perSeries)
    {
        private readonly int _models = ModelNames.All.Length;
        private readonly int _levels = intervals.Levels.Count;
        private readonly int _slots = intervals.Enabled ? intervals.Models.Count : 0;
        private readonly double[] _sums = new double[ModelNames.All.Length * horizon * 3];
        private readonly int[] _counts = new int[ModelNames.All.Length * horizon * 3];
        private readonly double[] _intervalSums = new double[Math.Max(1, intervals.Models.Count * horizon * intervals.Levels.Count * 2)];
        private readonly int[] _intervalCounts = new int[Math.Max(1, intervals.Models.Count * horizon * intervals.Levels.Count)];
        private readonly List<Measurement<double>> _rmse = [];
        private readonly List<Measurement<double>> _mae = [];
        private readonly List<Measurement<double>> _mase = [];
        private readonly List<Measurement<double>> _actual = [];
        private readonly List<Measurement<double>> _predicted = [];
        private readonly List<Measurement<double>> _coverage = [];
        private readonly List<Measurement<double>> _width = [];

        public void Add(ForecastProcessor processor, SeriesStore store, int slot)
        {
            ReadOnlySpan<byte> row = store.Row(slot);
            KeyValuePair<string, object?> series = perSeries ? new(TelemetryTags.Series, store.Name(slot)) : default;
            for (int model = 0; model < _models; model++)
            {
                for (int h = 1; h <= horizon; h++)
                {
                    HorizonMetrics metrics = processor.Metrics.Of(row, model, h);
                    int cell = 3 * ((model * horizon) + h - 1);
                    Accumulate(metrics.RmsePrice, cell);
                    Accumulate(metrics.MaePrice, cell + 1);
                    Accumulate(metrics.Mase, cell + 2);
                    if (perSeries)
                    {
                        KeyValuePair<string, object?> modelTag = new(TelemetryTags.Model, ModelNames.All[model]), horizonTag = new(TelemetryTags.Horizon, h);
                        Add(_rmse, metrics.RmsePrice, series, modelTag, horizonTag);
                        Add(_mae, metrics.MaePrice, series, modelTag, horizonTag);
                        Add(_mase, metrics.Mase, series, modelTag, horizonTag);
                    }
                }
            }

            for (int interval = 0; interval < _slots * horizon * _levels; interval++)
            {
                int level = interval % _levels, h = (interval / _levels % horizon) + 1, model = interval / _levels / horizon;
                IntervalMetrics metrics = processor.Metrics.Interval(row, model, h, level);
                if (metrics.N == 0)
                {
                    continue;
                }

                _intervalSums[2 * interval] += metrics.Coverage;
                _intervalSums[(2 * interval) + 1] += metrics.Width;
                _intervalCounts[interval]++;
                if (perSeries)
                {
                    KeyValuePair<string, object?>[] tags = [series, .. IntervalTags(model, h, level)];
                    Add(_coverage, metrics.Coverage, tags);
                    Add(_width, metrics.Width, tags);
                }
            }

            Span<double> closes = stackalloc double[_models];
            if (perSeries && processor.LastMinute(row, closes, out double close))
            {
                Add(_actual, close, series);
                for (int model = 0; model < _models; model++)
                {
                    Add(_predicted, closes[model], series, new KeyValuePair<string, object?>(TelemetryTags.Model, ModelNames.All[model]));
                }
            }
        }

        public GaugeSnapshot Snapshot(long? newestEventTime, Measurement<long>[] lag, int count)
        {
            if (!perSeries)
            {
                for (int model = 0; model < _models; model++)
                {
                    for (int h = 1; h <= horizon; h++)
                    {
                        KeyValuePair<string, object?> modelTag = new(TelemetryTags.Model, ModelNames.All[model]), horizonTag = new(TelemetryTags.Horizon, h);
                        int cell = 3 * ((model * horizon) + h - 1);
                        Add(_rmse, Mean(cell), modelTag, horizonTag);
                        Add(_mae, Mean(cell + 1), modelTag, horizonTag);
                        Add(_mase, Mean(cell + 2), modelTag, horizonTag);
                    }
                }

                for (int interval = 0; interval < _slots * horizon * _levels; interval++)
                {
                    int n = _intervalCounts[interval];
                    if (n > 0)
                    {
                        KeyValuePair<string, object?>[] tags = IntervalTags(interval / _levels / horizon, (interval / _levels % horizon) + 1, interval % _levels);
                        Add(_coverage, _intervalSums[2 * interval] / n, tags);
                        Add(_width, _intervalSums[(2 * interval) + 1] / n, tags);
                    }
                }
            }

            return new GaugeSnapshot(newestEventTime, lag, count, [.. _rmse], [.. _mae], [.. _mase], [.. _actual], [.. _predicted], [.. _coverage], [.. _width]);
        }

        private KeyValuePair<string, object?>[] IntervalTags(int slot, int h, int level) =>
            [new(TelemetryTags.Model, ModelNames.All[intervals.Models[slot]]), new(TelemetryTags.Horizon, h), new(TelemetryTags.Level, intervals.LevelName(level))];

        private void Accumulate(double value, int cell)
        {
            if (double.IsFinite(value))
            {
                _sums[cell] += value;
                _counts[cell]++;
            }
        }

        private double Mean(int cell) => _counts[cell] > 0 ? _sums[cell] / _counts[cell] : double.NaN;

        // A metric with no value yet (no scored forecast, or naive's MAE still 0) is left out, not sent as NaN.
        private static void Add(List<Measurement<double>> into, double value, params ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (double.IsFinite(value))
            {
                into.Add(new Measurement<double>(value, tags));
            }
        }
    }
}
