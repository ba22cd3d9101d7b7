namespace StreamForecast.Forecasting.Forecasts;

/// <summary>A forecast kept as values (what <see cref="ForecastCollector"/> copies out of a <see cref="ForecastView"/>).</summary>
/// <param name="Series">The series key.</param>
/// <param name="AsOf">The bar's time (unix seconds): forecasts are for AsOf + h minutes.</param>
/// <param name="Close">The bar's close.</param>
/// <param name="Lstm">The LSTM's closes, h = 1..K.</param>
/// <param name="Origins">Each baseline's line origin, in report order.</param>
/// <param name="Slopes">Each baseline's line slope.</param>
/// <param name="HalfWidths">The interval half-widths it was issued with, (interval models, K, levels); NaN where none yet; null when intervals are off.</param>
internal sealed record Forecast(string Series, long AsOf, double Close, double[] Lstm, double[] Origins, double[] Slopes, double[]? HalfWidths)
{
    /// <summary>K.</summary>
    public int Horizon => Lstm.Length;

    /// <summary>(models, K): the forecast close of model m (see <see cref="ModelNames"/>) at h, at [m·K + h − 1] (a new array each call).</summary>
    public double[] Closes
    {
        get
        {
            double[] closes = new double[ModelNames.All.Length * Horizon];
            for (int model = 0; model < ModelNames.All.Length; model++)
            {
                for (int h = 1; h <= Horizon; h++)
                {
                    closes[(model * Horizon) + h - 1] = ClosePrediction(model, h);
                }
            }

            return closes;
        }
    }

    /// <summary>The same arithmetic as <see cref="ForecastView.ClosePrediction"/>: the same bits.</summary>
    public double ClosePrediction(int model, int h) => model == ModelNames.LstmIndex ? Lstm[h - 1] : Origins[model - 1] + (h * Slopes[model - 1]);

    public static Forecast Of(in ForecastView view) =>
        new(view.Series, view.AsOf, view.Close, view.Lstm.ToArray(), view.Origins.ToArray(), view.Slopes.ToArray(), view.HalfWidths.IsEmpty ? null : view.HalfWidths.ToArray());
}
