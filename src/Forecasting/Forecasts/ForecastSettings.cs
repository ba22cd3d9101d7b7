using StreamForecast.Forecasting.Baselines;
using StreamForecast.Forecasting.Intervals;
using StreamForecast.Forecasting.Preprocessing;

namespace StreamForecast.Forecasting.Forecasts;

/// <summary>How the processor forecasts: K, the gap rule, the baselines, and its chunk size.</summary>
/// <param name="Horizon">K: forecasts for 1..K minutes ahead.</param>
/// <param name="Gaps">The gap rule.</param>
/// <param name="Baselines">Baseline parameters.</param>
/// <param name="MaxBatch">Bars handled per internal chunk (rollouts of a chunk run as one batch).</param>
/// <param name="MetricsEvery">A series' running metrics are reported every this many of its bars (0: never).</param>
internal sealed record ForecastSettings(int Horizon, GapPolicy Gaps, BaselineSettings Baselines, int MaxBatch = 1024, int MetricsEvery = 0)
{
    /// <summary>The prediction intervals (on by default).</summary>
    public IntervalSettings Intervals { get; init; } = IntervalSettings.Default;
}
