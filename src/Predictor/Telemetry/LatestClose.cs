namespace StreamForecast.Predictor.Telemetry;

/// <summary>A series' newest close and what each model forecast for it a minute earlier (NaN where none).</summary>
/// <param name="Actual">The newest bar's close.</param>
/// <param name="Predicted">By model index (see <see cref="Forecasting.ModelNames"/>).</param>
internal sealed record LatestClose(double Actual, double[] Predicted);
