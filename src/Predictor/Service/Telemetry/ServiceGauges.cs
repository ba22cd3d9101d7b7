using StreamForecast.Forecasting.Forecasts;

namespace StreamForecast.Predictor.Service.Telemetry;

/// <summary>
/// When the service's gauges are rebuilt: the newest bar minute seen, and at most once per interval, only when
/// bars or partitions changed, a <see cref="GaugeSnapshot"/> built from the series' rows for
/// <see cref="PredictorTelemetry.Gauges"/>. A build walks every row, so with many series it waits at least 20
/// times as long as the last one took: the gauges never take more than 5 % of the loop. Lives on the service thread.
/// </summary>
internal sealed class ServiceGauges(PredictorTelemetry telemetry, int horizon, int seriesTagLimit, TimeSpan interval, TimeProvider time)
{
    private long? _newestEventTime;
    private long _built = time.GetTimestamp();
    private TimeSpan _lastBuild;
    private bool _changed = true;

    /// <summary>A rebuild is due: the interval (and 20 times the last build) has passed and bars arrived since the last one (an idle service walks nothing).</summary>
    public bool Due => _changed && time.GetElapsedTime(_built) >= (interval > 20 * _lastBuild ? interval : 20 * _lastBuild);

    public void BarAccepted(long timestamp)
    {
        _newestEventTime = Math.Max(_newestEventTime ?? long.MinValue, timestamp);
        _changed = true;
    }

    /// <summary>Rebuilds the snapshot the gauges report.</summary>
    /// <param name="consumerLag">Records not yet consumed, by assigned partition (the service reads them off its consumer).</param>
    /// <param name="processors">Every model's processor, with its series' rows.</param>
    public void Refresh(IReadOnlyDictionary<int, long> consumerLag, IReadOnlyList<ForecastProcessor> processors)
    {
        long started = time.GetTimestamp();
        _changed = false;
        telemetry.Gauges = GaugeSnapshotBuilder.Build(processors, horizon, seriesTagLimit, consumerLag, _newestEventTime);
        _built = time.GetTimestamp();
        _lastBuild = time.GetElapsedTime(started, _built);
    }
}
