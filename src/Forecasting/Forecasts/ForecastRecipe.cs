namespace StreamForecast.Forecasting.Forecasts;

/// <summary>
/// The few numbers a forecast's closes are made of: the LSTM's K outputs in scaled-flow units with the scaler
/// state that unscales them, and each baseline's parameters (see <see cref="Baselines.IBaseline.Parameters"/>).
/// <see cref="ForecastComposer"/> turns them into closes, the same way when forecasting and when restoring.
/// </summary>
/// <param name="Scaled">K outputs of the LSTM (recursive rollout or direct head), scaled flows.</param>
/// <param name="ScalerState">The series' scaler state when the forecast was made.</param>
/// <param name="BaselineParameters">Every baseline's parameters, in report order.</param>
internal sealed record ForecastRecipe(float[] Scaled, double ScalerState, double[] BaselineParameters);
