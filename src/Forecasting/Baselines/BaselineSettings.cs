namespace StreamForecast.Forecasting.Baselines;

/// <summary>Parameters of the baselines; the defaults are the ones the README's experiments use.</summary>
/// <param name="SmaWindow">Flows averaged by the moving average (the seed used 26).</param>
/// <param name="EmaGamma">Smoothing of the exponential moving average of flows (2 / (26 + 1), the SMA's span).</param>
/// <param name="HoltAlpha">Holt's level smoothing.</param>
/// <param name="HoltBeta">Holt's trend smoothing.</param>
internal sealed record BaselineSettings(int SmaWindow = 26, double EmaGamma = 2.0 / 27, double HoltAlpha = 0.5, double HoltBeta = 0.1)
{
    public static readonly BaselineSettings Default = new();

    /// <summary>All baselines, in report order.</summary>
    public IBaseline[] Create() =>
        [new NaiveBaseline(), new DriftBaseline(), new SmaBaseline(SmaWindow), new EmaBaseline(EmaGamma), new HoltBaseline(HoltAlpha, HoltBeta)];
}
