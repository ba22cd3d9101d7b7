namespace StreamForecast.Forecasting.Intervals;

/// <summary>How a series' prediction intervals adapt to its own recent errors.</summary>
internal enum IntervalMethod
{
    /// <summary>
    /// Scale-adaptive quantile tracking (the "P" of conformal PID control, Angelopoulos, Candès and Tibshirani
    /// 2023): per chain a half-width q moved by η · scale · (miss − α) at each realised forecast. O(1) state.
    /// </summary>
    QuantileTracking,

    /// <summary>Adaptive conformal (Gibbs and Candès 2021) over a window of the W most recent absolute errors.</summary>
    Aci,
}
