namespace StreamForecast.Predictor.Baselines;

/// <summary>The straight-line extrapolation most baselines share: <c>origin + h · slope</c>.</summary>
internal static class Trend
{
    public static void Extend(double origin, double slope, Span<double> closes)
    {
        for (int h = 1; h <= closes.Length; h++)
        {
            closes[h - 1] = origin + (h * slope);
        }
    }
}
