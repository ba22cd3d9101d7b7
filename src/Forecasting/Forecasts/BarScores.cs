namespace StreamForecast.Forecasting.Forecasts;

/// <summary>What one bar realised, kept as values: the forecasts made 1..K minutes before it, by ascending horizon.</summary>
/// <param name="Series">The series.</param>
/// <param name="Timestamp">The realising bar's minute.</param>
/// <param name="Actual">Its close.</param>
/// <param name="Forecasts">At least one.</param>
internal sealed record BarScores(string Series, long Timestamp, double Actual, IReadOnlyList<RealisedForecast> Forecasts)
{
    public static BarScores Of(in Realisation realisation)
    {
        var forecasts = new List<RealisedForecast>();
        for (int h = 1; h <= realisation.Horizon; h++)
        {
            if (realisation.Has(h))
            {
                double[] predicted = new double[ModelNames.All.Length];
                for (int model = 0; model < predicted.Length; model++)
                {
                    predicted[model] = realisation.Predicted(h, model);
                }

                forecasts.Add(new RealisedForecast(realisation.Timestamp - (h * 60L), h, predicted));
            }
        }

        return new BarScores(realisation.Series, realisation.Timestamp, realisation.Actual, forecasts);
    }
}

/// <summary>A forecast met by its target bar.</summary>
/// <param name="ForecastAsOf">When it was made.</param>
/// <param name="Horizon">Minutes from the forecast to this bar.</param>
/// <param name="Closes">Each model's forecast close for this minute, in report order.</param>
internal sealed record RealisedForecast(long ForecastAsOf, int Horizon, double[] Closes)
{
    /// <summary>Model <paramref name="model"/>'s forecast close for this minute (see <see cref="ModelNames"/>).</summary>
    public double Predicted(int model) => Closes[model];
}
