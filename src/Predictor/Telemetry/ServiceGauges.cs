using System.Diagnostics;
using StreamForecast.Predictor.Forecasting;
using StreamForecast.Predictor.Scoring;

namespace StreamForecast.Predictor.Telemetry;

/// <summary>
/// What the service's gauges need between snapshots: the newest bar minute, each series' newest close
/// and the one-minute forecasts made for it. Lives on the service thread; at most
/// once per interval it builds a <see cref="GaugeSnapshot"/> for <see cref="PredictorTelemetry.Gauges"/>.
/// </summary>
internal sealed class ServiceGauges(PredictorTelemetry telemetry, int horizon, int seriesTagLimit, TimeSpan interval)
{
    private readonly Dictionary<string, LatestClose> _latestClose = new(StringComparer.Ordinal);
    private long? _newestEventTime;
    private long _built;

    public void BarAccepted(long timestamp) => _newestEventTime = Math.Max(_newestEventTime ?? long.MinValue, timestamp);

    /// <summary>The actual-vs-predicted close: what each model forecast a minute ago for this series' newest bar.</summary>
    public void Realised(BarScores scores)
    {
        if (scores.OneMinute is { } oneMinute)
        {
            _latestClose[scores.Series] = new LatestClose(scores.Actual, oneMinute.Predicted);
        }
    }

    public void Forget(string series) => _latestClose.Remove(series);

    /// <summary>Whether a refresh is due (at most once per interval).</summary>
    public bool Due => Stopwatch.GetElapsedTime(_built) >= interval;

    /// <summary>Rebuilds the snapshot the gauges report.</summary>
    /// <param name="consumerLag">Records not yet consumed, by assigned partition (the service reads them off its consumer).</param>
    /// <param name="processors">Every series' running scores.</param>
    public void Refresh(IReadOnlyDictionary<int, long> consumerLag, IEnumerable<ForecastProcessor> processors)
    {
        _built = Stopwatch.GetTimestamp();
        SeriesState[] series = [.. processors.SelectMany(p => p.Series)];
        telemetry.Gauges = GaugeSnapshotBuilder.Build(series, horizon, seriesTagLimit, _latestClose, consumerLag, _newestEventTime);
    }
}
