namespace StreamForecast.Predictor.Service.Telemetry;

/// <summary>A series' newest close and what each model forecast for it a minute earlier (NaN where none).</summary>
/// <param name="Actual">The newest bar's close.</param>
/// <param name="OneMinute">The forecast made a minute before it, for that minute.</param>
internal sealed record LatestClose(double Actual, StreamForecast.Forecasting.Scoring.RealisedForecast OneMinute);
