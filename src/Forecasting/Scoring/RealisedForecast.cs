namespace StreamForecast.Forecasting.Scoring;

/// <summary>A forecast met by its target bar.</summary>
/// <param name="Forecast">The forecast.</param>
/// <param name="Horizon">Minutes from the forecast to this bar.</param>
internal sealed record RealisedForecast(Forecasts.Forecast Forecast, int Horizon)
{
    public long ForecastAsOf => Forecast.AsOf;

    /// <summary>Model <paramref name="model"/>'s forecast close for this minute (see <see cref="Forecasts.ModelNames"/>).</summary>
    public double Predicted(int model) => Forecast.ClosePrediction(model, Horizon);
}
