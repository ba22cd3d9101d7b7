namespace StreamForecast.Forecasting.Baselines;

/// <summary>
/// Last close plus h times an exponential moving average of flows, <c>e = γ·flow + (1 − γ)·e</c>,
/// started at the segment's first flow.
/// </summary>
internal sealed class EmaBaseline : IBaseline
{
    private readonly double _gamma;
    private double _average;
    private bool _started;

    public EmaBaseline(double gamma)
    {
        if (!(gamma > 0 && gamma <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "γ must lie in (0, 1].");
        }

        _gamma = gamma;
    }

    public string Name => "ema";

    public void Reset(double close) => _started = false;

    public void Observe(double close, double flow)
    {
        _average = _started ? (_gamma * flow) + ((1 - _gamma) * _average) : flow;
        _started = true;
    }

    public int ParameterCount => 1;

    public void Parameters(double lastClose, Span<double> parameters) => parameters[0] = _started ? _average : 0;

    public (double Origin, double Slope) Line(ReadOnlySpan<double> parameters, double lastClose) => (lastClose, parameters[0]);

    public double[] SaveState() => [_average, _started ? 1 : 0];

    public void LoadState(ReadOnlySpan<double> state) => (_average, _started) = (state[0], state[1] != 0);
}
