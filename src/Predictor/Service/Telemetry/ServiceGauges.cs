using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Scoring;

namespace StreamForecast.Predictor.Service.Telemetry;

/// <summary>
/// What the service's gauges need between snapshots: the newest bar minute, each series' newest close
/// and the one-minute forecasts made for it. Lives on the service thread; at most once per interval, and
/// only when something changed, it builds a <see cref="GaugeSnapshot"/> for <see cref="PredictorTelemetry.Gauges"/>.
/// </summary>
internal sealed class ServiceGauges(PredictorTelemetry telemetry, int horizon, int seriesTagLimit, TimeSpan interval, TimeProvider time)
{
    private readonly Dictionary<string, LatestClose> _latestClose = new(StringComparer.Ordinal);
    private long? _newestEventTime;
    private long _built = time.GetTimestamp();
    private bool _changed = true;

    /// <summary>A rebuild is due: the interval has passed and bars or partitions changed since the last one (an idle service walks nothing).</summary>
    public bool Due => _changed && time.GetElapsedTime(_built) >= interval;

    public void BarAccepted(long timestamp)
    {
        _newestEventTime = Math.Max(_newestEventTime ?? long.MinValue, timestamp);
        _changed = true;
    }

    /// <summary>The actual-vs-predicted close: what each model forecast a minute ago for this series' newest bar.</summary>
    public void Realised(BarScores scores)
    {
        if (scores.OneMinute is { } oneMinute)
        {
            _latestClose[scores.Series] = new LatestClose(scores.Actual, oneMinute);
        }
    }

    public void Forget(string series)
    {
        _latestClose.Remove(series);
        _changed = true;
    }

    /// <summary>Rebuilds the snapshot the gauges report.</summary>
    /// <param name="consumerLag">Records not yet consumed, by assigned partition (the service reads them off its consumer).</param>
    /// <param name="processors">Every series' running scores.</param>
    public void Refresh(IReadOnlyDictionary<int, long> consumerLag, IEnumerable<ForecastProcessor> processors)
    {
        _built = time.GetTimestamp();
        _changed = false;
        telemetry.Gauges = GaugeSnapshotBuilder.Build([.. processors], horizon, seriesTagLimit, _latestClose, consumerLag, _newestEventTime);
    }
}
