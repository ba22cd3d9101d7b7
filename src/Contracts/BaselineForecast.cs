namespace StreamForecast.Contracts;

/// <summary>
/// A baseline's forecast: its close h minutes after the bar is <c>origin + h × slope</c>, computed in double
/// precision exactly as written (IEEE multiply, then add), for h = 1..K. Naive: the bar's close with slope 0;
/// drift, sma, ema: the bar's close and the slope; holt: the level and the trend.
/// </summary>
/// <param name="Model">naive, drift, sma, ema or holt.</param>
/// <param name="Origin">The line's value at h = 0.</param>
/// <param name="Slope">Its change a minute.</param>
public sealed record BaselineForecast(string Model, double Origin, double Slope)
{
    /// <summary>The forecast close h minutes after the bar.</summary>
    public double Close(int h) => Origin + (h * Slope);
}
