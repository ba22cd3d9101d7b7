namespace StreamForecast.Contracts;

/// <summary>One model's forecast from a bar, for horizons 1..K.</summary>
/// <param name="Model">lstm, naive, drift, sma, ema or holt.</param>
/// <param name="Closes">Forecast close at asOf + h minutes, index h − 1.</param>
/// <param name="Flows">Forecast flow at h: close(h) − close(h − 1), with close(0) the bar's close.</param>
public sealed record ModelForecast(string Model, IReadOnlyList<double> Closes, IReadOnlyList<double> Flows);
