namespace StreamForecast.Forecasting.Baselines;

/// <summary>
/// Last close plus h times an exponential moving average of flows, <c>e = γ·flow + (1 − γ)·e</c>,
/// started at the segment's first flow. State: the average, and 1 once started.
/// </summary>
internal sealed class EmaBaseline : IBaseline
{
    private readonly double _gamma;

    public EmaBaseline(double gamma)
    {
        if (!(gamma > 0 && gamma <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "γ must lie in (0, 1].");
        }

        _gamma = gamma;
    }

    public string Name => "ema";

    public int StateSize => 2;

    public int ParameterCount => 1;

    public void Reset(Span<double> state, double close) => state[1] = 0;

    public void Observe(Span<double> state, double close, double flow)
    {
        state[0] = state[1] != 0 ? (_gamma * flow) + ((1 - _gamma) * state[0]) : flow;
        state[1] = 1;
    }

    public void Parameters(ReadOnlySpan<double> state, double lastClose, Span<double> parameters) => parameters[0] = state[1] != 0 ? state[0] : 0;

    public (double Origin, double Slope) Line(ReadOnlySpan<double> parameters, double lastClose) => (lastClose, parameters[0]);
}
