using StreamForecast.Forecasting.Baselines;
using StreamForecast.Forecasting.Preprocessing;

namespace StreamForecast.Forecasting.Forecasts;

/// <summary>
/// Closes from a <see cref="ForecastRecipe"/>, one close at a time and on demand: one piece of arithmetic
/// for a new forecast and a restored one, and no array of closes kept per forecast. The LSTM's close at h
/// is the bar's close plus its first h unscaled flows, added in order; a baseline's lies on its line.
/// </summary>
internal sealed class ForecastComposer(FlowScaler scaler, IBaseline[] baselines)
{
    private readonly int[] _parameterOffsets = Offsets(baselines);

    public Forecast Compose(string series, long asOf, double close, int horizon, ForecastRecipe recipe) =>
        new(series, asOf, close, horizon, scaler.Factor(recipe.ScalerState), recipe, this);

    /// <summary>The close model <paramref name="model"/> (see <see cref="ModelNames"/>) forecast for h minutes after the bar.</summary>
    public double Close(ForecastRecipe recipe, double close, int model, int h)
    {
        if (model == ModelNames.LstmIndex)
        {
            double running = close;
            for (int i = 0; i < h; i++)
            {
                running += scaler.Unscale(recipe.Scaled[i], recipe.ScalerState);
            }

            return running;
        }

        var (origin, slope) = Line(recipe, close, model - 1);
        return origin + (h * slope);
    }

    /// <summary>Baseline <paramref name="baseline"/>'s line (in report order after the LSTM): its closes are origin + h × slope.</summary>
    public (double Origin, double Slope) Line(ForecastRecipe recipe, double close, int baseline)
    {
        IBaseline line = baselines[baseline];
        return line.Line(recipe.BaselineParameters.AsSpan(_parameterOffsets[baseline], line.ParameterCount), close);
    }

    /// <summary>
    /// Whether every close is a finite number. The LSTM's closes are running sums, so once one is not finite
    /// none after it is: the last tells. A baseline's are a straight line, finite at both ends or not at all.
    /// </summary>
    public bool AllFinite(Forecast forecast)
    {
        int k = forecast.Horizon;
        for (int model = 0; model < baselines.Length + 1; model++)
        {
            if (!double.IsFinite(forecast.ClosePrediction(model, k)) || (model != ModelNames.LstmIndex && !double.IsFinite(forecast.ClosePrediction(model, 1))))
            {
                return false;
            }
        }

        return true;
    }

    private static int[] Offsets(IBaseline[] baselines)
    {
        int[] offsets = new int[baselines.Length];
        for (int b = 1; b < baselines.Length; b++)
        {
            offsets[b] = offsets[b - 1] + baselines[b - 1].ParameterCount;
        }

        return offsets;
    }
}
