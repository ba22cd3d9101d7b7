namespace StreamForecast.Predictor.Scoring;

/// <summary>
/// A forecast met by its target bar: every model's forecast close for that minute, and each model's running
/// metrics at this horizon right after it was scored (what a Score record reports as of this bar).
/// </summary>
/// <param name="ForecastAsOf">When the forecast was made (unix seconds).</param>
/// <param name="Horizon">Minutes from the forecast to this bar.</param>
/// <param name="Predicted">By model (see <see cref="Forecasting.ModelNames"/>).</param>
/// <param name="Running">By model; empty when the caller asked for the running sums only.</param>
internal sealed record RealisedForecast(long ForecastAsOf, int Horizon, double[] Predicted, HorizonMetrics[] Running);
