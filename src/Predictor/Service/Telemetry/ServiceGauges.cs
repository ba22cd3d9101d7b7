using System.Diagnostics.Metrics;
using StreamForecast.Forecasting.Forecasts;

namespace StreamForecast.Predictor.Service.Telemetry;

/// <summary>
/// When the service's gauges are rebuilt: the newest bar minute seen, and at most once per interval, only when
/// bars arrived, a <see cref="GaugePass"/> over the series' rows, walked a slice at a time between batches so
/// that no batch waits for a walk of every series, then swapped into <see cref="PredictorTelemetry.Gauges"/>.
/// Lives on the service thread.
/// </summary>
internal sealed class ServiceGauges(PredictorTelemetry telemetry, int horizon, int seriesTagLimit, TimeSpan interval, TimeProvider time)
{
    /// <summary>Rows walked between two batches: about a quarter of a millisecond at the defaults.</summary>
    public const int SliceRows = 128;

    private long? _newestEventTime;
    private long _started = time.GetTimestamp();
    private bool _changed = true;
    private GaugePass? _pass;
    private Measurement<long>[] _lag = [];

    /// <summary>A walk is due: none is under way, the interval has passed, and bars arrived since the last one (an idle service walks nothing).</summary>
    public bool Due => _pass is null && _changed && time.GetElapsedTime(_started) >= interval;

    public void BarAccepted(long timestamp)
    {
        _newestEventTime = Math.Max(_newestEventTime ?? long.MinValue, timestamp);
        _changed = true;
    }

    /// <summary>Starts a walk over the processors' rows, with the consumer lag as it is now.</summary>
    /// <param name="consumerLag">Records not yet consumed, by assigned partition (the service reads them off its consumer).</param>
    /// <param name="processors">Every model's processor, with its series' rows.</param>
    public void Start(IReadOnlyDictionary<int, long> consumerLag, IReadOnlyList<ForecastProcessor> processors)
    {
        _started = time.GetTimestamp();
        _changed = false;
        _lag = [.. consumerLag.Select(pair => new Measurement<long>(pair.Value, new KeyValuePair<string, object?>(TelemetryTags.Partition, pair.Key)))];
        _pass = GaugePass.Start(processors, horizon, seriesTagLimit);
    }

    /// <summary>Walks the next <paramref name="rows"/> rows of a walk under way; the gauges change once it is done.</summary>
    public void Continue(IReadOnlyList<ForecastProcessor> processors, int rows = SliceRows)
    {
        if (_pass is null)
        {
            return;
        }

        _pass.Advance(processors, rows);
        if (_pass.Done)
        {
            telemetry.Gauges = _pass.Snapshot(_newestEventTime, _lag);
            _pass = null;
        }
    }
}
