using System.Diagnostics;
using Confluent.Kafka;
using StreamForecast.Predictor.Forecasting;
using StreamForecast.Predictor.Scoring;

namespace StreamForecast.Predictor.Telemetry;

/// <summary>
/// What the service's gauges need between snapshots: the newest bar minute, each series' newest close
/// and the one-minute forecasts made for it, and the consumer's lag. Lives on the service thread; at most
/// once per interval it builds a <see cref="GaugeSnapshot"/> for <see cref="PredictorTelemetry.Gauges"/>.
/// </summary>
internal sealed class ServiceGauges(PredictorTelemetry telemetry, int horizon, int seriesTagLimit, TimeSpan interval)
{
    private readonly Dictionary<string, LatestClose> _latestClose = new(StringComparer.Ordinal);
    private readonly Dictionary<int, long> _consumerLag = [];
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

    /// <summary>Rebuilds the snapshot the gauges report, at most once per interval unless forced.</summary>
    public void Refresh(IConsumer<string, byte[]> consumer, IEnumerable<ForecastProcessor> processors, bool force)
    {
        long now = Stopwatch.GetTimestamp();
        if (!force && Stopwatch.GetElapsedTime(_built, now) < interval)
        {
            return;
        }

        _built = now;
        _consumerLag.Clear();
        foreach (TopicPartition partition in consumer.Assignment)
        {
            // Cached by the client from its fetches: no broker round trip.
            WatermarkOffsets watermarks = consumer.GetWatermarkOffsets(partition);
            Offset position = consumer.Position(partition);
            if (watermarks.High != Offset.Unset && position != Offset.Unset)
            {
                _consumerLag[partition.Partition.Value] = Math.Max(0, watermarks.High.Value - position.Value);
            }
        }

        SeriesState[] series = [.. processors.SelectMany(p => p.Series)];
        telemetry.Gauges = GaugeSnapshotBuilder.Build(series, horizon, seriesTagLimit, _latestClose, _consumerLag, _newestEventTime);
    }
}
