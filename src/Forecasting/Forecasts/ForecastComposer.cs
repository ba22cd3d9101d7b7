using StreamForecast.Forecasting.Baselines;
using StreamForecast.Forecasting.Preprocessing;

namespace StreamForecast.Forecasting.Forecasts;

/// <summary>
/// Closes from what a forecast is made of (its recipe): the LSTM's K scaled outputs with the scaler state
/// that unscales them, and the baselines' parameters. One piece of arithmetic for a forecast being issued and
/// one being realised later: the LSTM's close at h is the bar's close plus its first h unscaled flows, added
/// in order; a baseline's lies on its line, origin + h × slope.
/// </summary>
internal sealed class ForecastComposer(FlowScaler scaler, BaselineLineUp baselines)
{
    /// <summary>The LSTM's closes for h = 1..closes.Length.</summary>
    public void LstmCloses(ReadOnlySpan<float> scaled, double scalerState, double close, Span<double> closes)
    {
        double running = close;
        for (int i = 0; i < closes.Length; i++)
        {
            running += scaler.Unscale(scaled[i], scalerState);
            closes[i] = running;
        }
    }

    /// <summary>Every model's close at <paramref name="h"/>, in report order (see <see cref="ModelNames"/>).</summary>
    public void Closes(ReadOnlySpan<float> scaled, double scalerState, ReadOnlySpan<double> parameters, double close, int h, Span<double> closes)
    {
        double running = close;
        for (int i = 0; i < h; i++)
        {
            running += scaler.Unscale(scaled[i], scalerState);
        }

        closes[ModelNames.LstmIndex] = running;
        for (int b = 0; b < baselines.Count; b++)
        {
            var (origin, slope) = baselines.Line(b, parameters, close);
            closes[b + 1] = origin + (h * slope);
        }
    }

    /// <summary>Each baseline's line, in report order.</summary>
    public void Lines(ReadOnlySpan<double> parameters, double close, Span<double> origins, Span<double> slopes)
    {
        for (int b = 0; b < baselines.Count; b++)
        {
            (origins[b], slopes[b]) = baselines.Line(b, parameters, close);
        }
    }

    /// <summary>
    /// Whether every close up to K is a finite number. The LSTM's closes are running sums, so once one is not
    /// finite none after it is: the last tells. A baseline's are a straight line, finite at both ends or not at all.
    /// </summary>
    public bool AllFinite(ReadOnlySpan<float> scaled, double scalerState, ReadOnlySpan<double> parameters, double close, int horizon)
    {
        Span<double> atK = stackalloc double[baselines.Count + 1], atOne = stackalloc double[baselines.Count + 1];
        Closes(scaled, scalerState, parameters, close, horizon, atK);
        Closes(scaled, scalerState, parameters, close, 1, atOne);
        for (int model = 0; model < atK.Length; model++)
        {
            if (!double.IsFinite(atK[model]) || (model != ModelNames.LstmIndex && !double.IsFinite(atOne[model])))
            {
                return false;
            }
        }

        return true;
    }
}
