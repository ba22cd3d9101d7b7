namespace StreamForecast.Forecasting.Baselines;

/// <summary>
/// A baseline forecaster, as code over a series' state (<see cref="StateSize"/> doubles of its row): one
/// instance serves every series. It sees every minute the LSTM sees (zero-filled minutes as unchanged
/// closes) and forecasts the close 1..K minutes ahead from what it has seen. Every baseline's forecast is a
/// straight line, <c>origin + h × slope</c>, made of a few numbers (<see cref="Parameters"/>: a slope, a
/// level and a trend), so a pending forecast is stored as those numbers and rebuilt bit for bit, and a
/// prediction publishes the line. A new series' state is all zeros and is <see cref="Reset"/> at its first bar.
/// </summary>
internal interface IBaseline
{
    string Name { get; }

    /// <summary>How many doubles of state a series keeps.</summary>
    int StateSize { get; }

    /// <summary>How many numbers a forecast is made of.</summary>
    int ParameterCount { get; }

    /// <summary>The series (re)starts at <paramref name="close"/>: forget everything before.</summary>
    void Reset(Span<double> state, double close);

    /// <summary>The next minute: its close and its flow (close − previous close).</summary>
    void Observe(Span<double> state, double close, double flow);

    /// <summary>The numbers the forecast from <paramref name="lastClose"/> is made of (<see cref="ParameterCount"/> of them).</summary>
    void Parameters(ReadOnlySpan<double> state, double lastClose, Span<double> parameters);

    /// <summary>The line the forecast closes lie on, from those numbers; uses nothing of the series' state.</summary>
    (double Origin, double Slope) Line(ReadOnlySpan<double> parameters, double lastClose);

    /// <summary>Writes the forecast close for h = 1..closes.Length after the last observed close.</summary>
    void Forecast(ReadOnlySpan<double> state, double lastClose, Span<double> closes)
    {
        Span<double> parameters = stackalloc double[ParameterCount];
        Parameters(state, lastClose, parameters);
        var (origin, slope) = Line(parameters, lastClose);
        for (int h = 1; h <= closes.Length; h++)
        {
            closes[h - 1] = origin + (h * slope);
        }
    }
}
