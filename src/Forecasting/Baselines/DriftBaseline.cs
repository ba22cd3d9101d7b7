namespace StreamForecast.Forecasting.Baselines;

/// <summary>Random walk with drift: the average flow since the segment began, extended h steps. State: the first close, the closes seen.</summary>
internal sealed class DriftBaseline : IBaseline
{
    public string Name => "drift";

    public int StateSize => 2;

    public int ParameterCount => 1;

    public void Reset(Span<double> state, double close) => (state[0], state[1]) = (close, 1);

    public void Observe(Span<double> state, double close, double flow) => state[1]++;

    public void Parameters(ReadOnlySpan<double> state, double lastClose, Span<double> parameters) =>
        parameters[0] = state[1] > 1 ? (lastClose - state[0]) / (state[1] - 1) : 0;

    public (double Origin, double Slope) Line(ReadOnlySpan<double> parameters, double lastClose) => (lastClose, parameters[0]);
}
