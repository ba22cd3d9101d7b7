namespace StreamForecast.Predictor.Baselines;

/// <summary>
/// A per-series baseline forecaster. It sees every minute the LSTM sees (zero-filled minutes as
/// unchanged closes) and forecasts the close 1..K minutes ahead from what it has seen.
/// </summary>
internal interface IBaseline
{
    string Name { get; }

    /// <summary>The series (re)starts at <paramref name="close"/>: forget everything before.</summary>
    void Reset(double close);

    /// <summary>The next minute: its close and its flow (close − previous close).</summary>
    void Observe(double close, double flow);

    /// <summary>Writes the forecast close for h = 1..closes.Length after the last observed close.</summary>
    void Forecast(double lastClose, Span<double> closes);

    /// <summary>Everything the baseline remembers, for a series snapshot.</summary>
    double[] SaveState();

    /// <summary>Restores what <see cref="SaveState"/> returned.</summary>
    void LoadState(ReadOnlySpan<double> state);
}
