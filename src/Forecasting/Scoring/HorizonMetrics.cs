namespace StreamForecast.Forecasting.Scoring;

/// <summary>Scores of one model at one horizon.</summary>
/// <param name="H">Horizon in minutes.</param>
/// <param name="N">Forecasts scored.</param>
/// <param name="RmsePrice">RMSE of the forecast close.</param>
/// <param name="MaePrice">MAE of the forecast close.</param>
/// <param name="RmseScaled">RMSE in the model's scaled-flow units, as the textbook reports it.</param>
/// <param name="Mase">MAE / MAE of naive at this horizon (below 1 beats naive).</param>
/// <param name="TheilU">RMSE / RMSE of naive at this horizon (Theil's U2).</param>
/// <param name="DirectionHit">Share of forecasts whose direction from the last close was right, ties excluded (NaN for naive).</param>
internal readonly record struct HorizonMetrics(int H, long N, double RmsePrice, double MaePrice, double RmseScaled, double Mase, double TheilU, double DirectionHit);
