namespace StreamForecast.Predictor.Scoring;

/// <summary>A forecast met by its target bar: every model's forecast close for that minute.</summary>
/// <param name="ForecastAsOf">When the forecast was made (unix seconds).</param>
/// <param name="Horizon">Minutes from the forecast to this bar.</param>
/// <param name="Predicted">By model (see <see cref="Forecasting.ModelNames"/>).</param>
internal sealed record RealisedForecast(long ForecastAsOf, int Horizon, double[] Predicted);
