namespace StreamForecast.Forecasting.Forecasts;

/// <summary>Everything forecast for one series at one bar: a recipe, whose closes are worked out when asked for.</summary>
/// <param name="Series">The series key.</param>
/// <param name="AsOf">The bar's time (unix seconds): forecasts are for AsOf + h minutes.</param>
/// <param name="Close">The bar's close.</param>
/// <param name="Horizon">K.</param>
/// <param name="ScaleFactor">d(scaled)/d(flow) when the forecast was made, for scaled-error scores.</param>
/// <param name="Recipe">What the closes are made of (a durable state stores this).</param>
/// <param name="Composer">Works the closes out of the recipe.</param>
internal sealed record Forecast(string Series, long AsOf, double Close, int Horizon, double ScaleFactor, ForecastRecipe Recipe, ForecastComposer Composer)
{
    /// <summary>
    /// The conformal half-widths it was issued with (see Intervals/SeriesIntervals), per interval model,
    /// horizon and level; NaN where none yet; null when intervals are off.
    /// </summary>
    public double[]? HalfWidths { get; init; }

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

    public double ClosePrediction(int model, int h) => Composer.Close(Recipe, Close, model, h);

    /// <summary>The forecast flow at h: close(h) − close(h − 1), with close(0) the last actual close.</summary>
    public double FlowPrediction(int model, int h) => ClosePrediction(model, h) - (h == 1 ? Close : ClosePrediction(model, h - 1));
}
