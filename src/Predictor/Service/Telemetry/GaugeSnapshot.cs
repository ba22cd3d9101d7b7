using System.Diagnostics.Metrics;

namespace StreamForecast.Predictor.Service.Telemetry;

/// <summary>
/// What the observable gauges report, built on the service thread between batches and swapped in
/// whole, so an export never reads state the service is changing.
/// </summary>
internal sealed record GaugeSnapshot(
    long? NewestEventTime,
    Measurement<long>[] ConsumerLag,
    int ActiveSeries,
    Measurement<double>[] Rmse,
    Measurement<double>[] Mae,
    Measurement<double>[] Mase,
    Measurement<double>[] ActualClose,
    Measurement<double>[] PredictedClose,
    Measurement<double>[] IntervalCoverage,
    Measurement<double>[] IntervalWidth)
{
    public static readonly GaugeSnapshot Empty = new(null, [], 0, [], [], [], [], [], [], []);
}
