using System.Diagnostics.Metrics;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Intervals;
using StreamForecast.Forecasting.Scoring;
using StreamForecast.Forecasting.Store;

namespace StreamForecast.Predictor.Service.Telemetry;

/// <summary>
/// One walk over every series' row for the gauges, which the service spreads over its loop a slice of rows at
/// a time (a walk of a million rows takes seconds; a slice, a fraction of a millisecond). Below the series-tag
/// limit each series is its own time series (tags series, model, horizon); above it the series tag is dropped
/// and the value is the mean over series, so a large deployment cannot explode the metric store, and the rows
/// are walked without allocating anything per series. Series that come or go during a walk are counted or
/// not, as it finds them: gauges are a view, not an output.
/// </summary>
internal sealed class GaugePass
{
    private readonly IntervalSettings _intervals;
    private readonly int _horizon;
    private readonly bool _perSeries;
    private readonly int _models = ModelNames.All.Length;
    private readonly int _chains;
    private readonly double[] _sums;
    private readonly int[] _counts;
    private readonly double[] _intervalSums;
    private readonly int[] _intervalCounts;
    private readonly List<Measurement<double>> _rmse = [];
    private readonly List<Measurement<double>> _mae = [];
    private readonly List<Measurement<double>> _mase = [];
    private readonly List<Measurement<double>> _actual = [];
    private readonly List<Measurement<double>> _predicted = [];
    private readonly List<Measurement<double>> _coverage = [];
    private readonly List<Measurement<double>> _width = [];
    private int _processor;
    private int _slot;
    private int _count;

    private GaugePass(IntervalSettings intervals, int horizon, bool perSeries)
    {
        _intervals = intervals;
        _horizon = horizon;
        _perSeries = perSeries;
        _chains = intervals.Enabled ? intervals.Models.Count * horizon * intervals.Levels.Count : 0;
        _sums = new double[_models * horizon * 3];
        _counts = new int[_sums.Length];
        _intervalSums = new double[2 * _chains];
        _intervalCounts = new int[_chains];
    }

    /// <summary>Whether every row has been walked.</summary>
    public bool Done { get; private set; }

    /// <summary>A walk over the processors' series, per series when there are at most <paramref name="seriesTagLimit"/>.</summary>
    public static GaugePass Start(IReadOnlyList<ForecastProcessor> processors, int horizon, int seriesTagLimit)
    {
        int count = 0;
        foreach (ForecastProcessor processor in processors)
        {
            count += processor.Store.Count;
        }

        return new GaugePass(processors.Count > 0 ? processors[0].Settings.Intervals : IntervalSettings.None, horizon, count <= seriesTagLimit);
    }

    /// <summary>Walks at most <paramref name="rows"/> more slots of the processors' stores; <see cref="Done"/> once past the last.</summary>
    public void Advance(IReadOnlyList<ForecastProcessor> processors, int rows)
    {
        for (; _processor < processors.Count && rows > 0; _processor++, _slot = 0)
        {
            ForecastProcessor processor = processors[_processor];
            SeriesStore store = processor.Store;
            for (; _slot < store.SlotLimit && rows > 0; _slot++, rows--)
            {
                if (store.InUse(_slot))
                {
                    Add(processor, store, _slot);
                }
            }

            if (_slot < store.SlotLimit)
            {
                return;
            }
        }

        Done = _processor >= processors.Count;
    }

    /// <summary>The gauges of the rows walked.</summary>
    public GaugeSnapshot Snapshot(long? newestEventTime, Measurement<long>[] consumerLag)
    {
        if (!_perSeries)
        {
            for (int model = 0; model < _models; model++)
            {
                for (int h = 1; h <= _horizon; h++)
                {
                    KeyValuePair<string, object?> modelTag = new(TelemetryTags.Model, ModelNames.All[model]), horizonTag = new(TelemetryTags.Horizon, h);
                    int cell = 3 * ((model * _horizon) + h - 1);
                    Add(_rmse, Mean(cell), modelTag, horizonTag);
                    Add(_mae, Mean(cell + 1), modelTag, horizonTag);
                    Add(_mase, Mean(cell + 2), modelTag, horizonTag);
                }
            }

            for (int chain = 0; chain < _chains; chain++)
            {
                int n = _intervalCounts[chain];
                if (n > 0)
                {
                    KeyValuePair<string, object?>[] tags = ChainTags(chain);
                    Add(_coverage, _intervalSums[2 * chain] / n, tags);
                    Add(_width, _intervalSums[(2 * chain) + 1] / n, tags);
                }
            }
        }

        return new GaugeSnapshot(newestEventTime, consumerLag, _count, [.. _rmse], [.. _mae], [.. _mase], [.. _actual], [.. _predicted], [.. _coverage], [.. _width]);
    }

    private void Add(ForecastProcessor processor, SeriesStore store, int slot)
    {
        _count++;
        ReadOnlySpan<byte> row = store.Row(slot);
        KeyValuePair<string, object?> series = _perSeries ? new(TelemetryTags.Series, store.Name(slot)) : default;
        for (int model = 0; model < _models; model++)
        {
            for (int h = 1; h <= _horizon; h++)
            {
                HorizonMetrics metrics = processor.Metrics.Of(row, model, h);
                int cell = 3 * ((model * _horizon) + h - 1);
                Accumulate(metrics.RmsePrice, cell);
                Accumulate(metrics.MaePrice, cell + 1);
                Accumulate(metrics.Mase, cell + 2);
                if (_perSeries)
                {
                    KeyValuePair<string, object?> modelTag = new(TelemetryTags.Model, ModelNames.All[model]), horizonTag = new(TelemetryTags.Horizon, h);
                    Add(_rmse, metrics.RmsePrice, series, modelTag, horizonTag);
                    Add(_mae, metrics.MaePrice, series, modelTag, horizonTag);
                    Add(_mase, metrics.Mase, series, modelTag, horizonTag);
                }
            }
        }

        int levels = _intervals.Levels.Count;
        for (int chain = 0; chain < _chains; chain++)
        {
            IntervalMetrics metrics = processor.Metrics.Interval(row, chain / levels / _horizon, (chain / levels % _horizon) + 1, chain % levels);
            if (metrics.N == 0)
            {
                continue;
            }

            _intervalSums[2 * chain] += metrics.Coverage;
            _intervalSums[(2 * chain) + 1] += metrics.Width;
            _intervalCounts[chain]++;
            if (_perSeries)
            {
                KeyValuePair<string, object?>[] tags = [series, .. ChainTags(chain)];
                Add(_coverage, metrics.Coverage, tags);
                Add(_width, metrics.Width, tags);
            }
        }

        Span<double> closes = stackalloc double[_models];
        if (_perSeries && processor.LastMinute(row, closes, out double close))
        {
            Add(_actual, close, series);
            for (int model = 0; model < _models; model++)
            {
                Add(_predicted, closes[model], series, new KeyValuePair<string, object?>(TelemetryTags.Model, ModelNames.All[model]));
            }
        }
    }

    /// <summary>Model, horizon and level of a chain, (interval models, K, levels) in that order.</summary>
    private KeyValuePair<string, object?>[] ChainTags(int chain)
    {
        int levels = _intervals.Levels.Count;
        return
        [
            new(TelemetryTags.Model, ModelNames.All[_intervals.Models[chain / levels / _horizon]]),
            new(TelemetryTags.Horizon, (chain / levels % _horizon) + 1),
            new(TelemetryTags.Level, _intervals.LevelName(chain % levels)),
        ];
    }

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
