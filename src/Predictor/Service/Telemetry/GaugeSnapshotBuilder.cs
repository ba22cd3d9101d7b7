using System.Diagnostics.Metrics;
using StreamForecast.Forecasting.Forecasts;

namespace StreamForecast.Predictor.Service.Telemetry;

/// <summary>
/// Turns the series' running scores, read from their rows, into gauge measurements, in one go (see
/// <see cref="GaugePass"/> for the pass the service spreads over its loop).
/// </summary>
internal static class GaugeSnapshotBuilder
{
    public static GaugeSnapshot Build(IReadOnlyList<ForecastProcessor> processors, int horizon, int seriesTagLimit, IReadOnlyDictionary<int, long> consumerLag, long? newestEventTime)
    {
        var pass = GaugePass.Start(processors, horizon, seriesTagLimit);
        pass.Advance(processors, int.MaxValue);
        return pass.Snapshot(newestEventTime, [.. consumerLag.Select(pair => new Measurement<long>(pair.Value, new KeyValuePair<string, object?>(TelemetryTags.Partition, pair.Key)))]);
    }
}
