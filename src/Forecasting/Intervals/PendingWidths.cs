namespace StreamForecast.Forecasting.Intervals;

/// <summary>
/// Where a pending forecast's half-width is kept: per chain (interval model, level) and horizon h a ring of h
/// values by minute, since a forecast made at minute t for t + h is realised (or lost) before the forecast of
/// minute t + h takes its place. K(K + 1)/2 values a chain instead of K × K.
/// </summary>
internal static class PendingWidths
{
    /// <summary>Values kept per chain (interval model, level).</summary>
    public static int PerChain(int horizon) => horizon * (horizon + 1) / 2;

    /// <param name="chain">slot × levels + level.</param>
    /// <param name="h">1..K.</param>
    /// <param name="minute">The forecast's minute (its time / 60).</param>
    /// <param name="horizon">K.</param>
    public static int Index(int chain, int h, long minute, int horizon) => (chain * PerChain(horizon)) + ((h - 1) * h / 2) + (int)(((minute % h) + h) % h);
}
