namespace StreamForecast.Predictor.Forecasting;

/// <summary>Everything forecast for one series at one bar.</summary>
/// <param name="Series">The series key.</param>
/// <param name="AsOf">The bar's time (unix seconds): forecasts are for AsOf + h minutes.</param>
/// <param name="Close">The bar's close.</param>
/// <param name="Horizon">K.</param>
/// <param name="Closes">(models, K): the forecast close of model m (see <see cref="ModelNames"/>) at h, at [m·K + h − 1].</param>
/// <param name="ScaleFactor">d(scaled)/d(flow) when the forecast was made, for scaled-error scores.</param>
/// <param name="Recipe">What <paramref name="Closes"/> are made of (a durable state stores this and rebuilds the closes).</param>
internal sealed record Forecast(string Series, long AsOf, double Close, int Horizon, double[] Closes, double ScaleFactor, ForecastRecipe Recipe)
{
    public double ClosePrediction(int model, int h) => Closes[(model * Horizon) + h - 1];

    /// <summary>The forecast flow at h: close(h) − close(h − 1), with close(0) the last actual close.</summary>
    public double FlowPrediction(int model, int h) => ClosePrediction(model, h) - (h == 1 ? Close : ClosePrediction(model, h - 1));
}
