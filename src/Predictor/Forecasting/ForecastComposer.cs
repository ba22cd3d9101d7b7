using StreamForecast.Predictor.Baselines;

namespace StreamForecast.Predictor.Forecasting;

/// <summary>Closes from a <see cref="ForecastRecipe"/>: one piece of arithmetic for a new forecast and a restored one.</summary>
internal static class ForecastComposer
{
    public static Forecast Compose(ForecastModel model, IBaseline[] baselines, string series, long asOf, double close, int horizon, ForecastRecipe recipe)
    {
        double[] closes = new double[ModelNames.All.Length * horizon];
        double running = close;
        for (int h = 1; h <= horizon; h++)
        {
            running += model.Scaler.Unscale(recipe.Scaled[h - 1], recipe.ScalerState);
            closes[h - 1] = running;
        }

        int parameter = 0;
        for (int b = 0; b < baselines.Length; b++)
        {
            int count = baselines[b].ParameterCount;
            baselines[b].Extrapolate(recipe.BaselineParameters.AsSpan(parameter, count), close, closes.AsSpan((b + 1) * horizon, horizon));
            parameter += count;
        }

        return new Forecast(series, asOf, close, horizon, closes, model.Scaler.Factor(recipe.ScalerState), recipe);
    }
}
