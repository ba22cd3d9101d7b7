using System.Text.Json;
using StreamForecast.Contracts;

namespace StreamForecast.Predictor.Watch;

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

    public byte[]? LastScoreBytes { get; set; }

    public long LastPrediction => LastPredictionBytes is null ? 0 : JsonSerializer.Deserialize(LastPredictionBytes, ContractsJson.Default.Prediction)?.AsOf ?? 0;

    public Score? LastScore => LastScoreBytes is null ? null : JsonSerializer.Deserialize(LastScoreBytes, ContractsJson.Default.Score);

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

    /// <summary>Running (RMSE, MASE) of a model at h from the latest score that realised h.</summary>
    public (double? Rmse, double? Mase) Metric(int model, int h)
    {
        RealisedHorizon? horizon = LastScore?.Horizons.FirstOrDefault(x => x.H == h);
        return horizon is null ? (null, null) : (horizon.RmsePrice[model], horizon.Mase[model]);
    }
}
