namespace StreamForecast.Forecasting.Preprocessing;

/// <summary>What one bar means for its series after the gap rule.</summary>
/// <param name="Reset">The series restarts here: state, differencer and baselines are cleared first.</param>
/// <param name="FilledMinutes">Zero-flow minutes to step through before this bar.</param>
/// <param name="MissingMinutes">Minutes missing before this bar (0 when consecutive).</param>
/// <param name="Flow">close − previous close, or NaN for the first bar of a segment (no flow yet).</param>
internal readonly record struct FlowStep(bool Reset, int FilledMinutes, long MissingMinutes, double Flow)
{
    public bool HasFlow => !double.IsNaN(Flow);
}
