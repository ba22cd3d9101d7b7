using System.Text.Json;
using StreamForecast.Contracts;

namespace StreamForecast.Predictor.Tools.Watch;

/// <summary>What a watcher has seen of one series on the topics.</summary>
internal sealed class SeriesView(string series)
{
    private readonly List<double> _latencies = [];

    public string Series { get; } = series;

    public long Bars { get; set; }

    public long Predictions { get; set; }

    public long Scores { get; set; }

    /// <summary>The latest prediction's bytes, parsed only when shown (the watcher must keep up with the feed).</summary>
    public byte[]? LastPredictionBytes { get; set; }

    /// <summary>The latest running metrics (metrics topic), parsed only when shown.</summary>
    public byte[]? LastMetricsBytes { get; set; }

    public Prediction? LastPrediction => LastPredictionBytes is null ? null : JsonSerializer.Deserialize(LastPredictionBytes, ContractsJson.Default.Prediction);

    public SeriesMetrics? LastMetrics => LastMetricsBytes is null ? null : JsonSerializer.Deserialize(LastMetricsBytes, ContractsJson.Default.SeriesMetrics);

    public void AddLatency(double milliseconds) => _latencies.Add(milliseconds);

    /// <summary>Consume-to-publish latency percentile in ms (NaN before any).</summary>
    public double Latency(double quantile)
    {
        if (_latencies.Count == 0)
        {
            return double.NaN;
        }

        _latencies.Sort();
        return _latencies[Math.Min(_latencies.Count - 1, (int)(quantile * _latencies.Count))];
    }

    /// <summary>Running (RMSE, MASE) of a model at h from the latest metrics record.</summary>
    public (double? Rmse, double? Mase) Metric(int model, int h)
    {
        ModelMetrics? metrics = LastMetrics is { } last && model < last.Models.Count && h <= last.Horizon ? last.Models[model] : null;
        return metrics is null ? (null, null) : (metrics.Rmse[h - 1], metrics.Mase[h - 1]);
    }
}
