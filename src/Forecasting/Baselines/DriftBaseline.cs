namespace StreamForecast.Forecasting.Baselines;

/// <summary>Random walk with drift: the average flow since the segment began, extended h steps.</summary>
internal sealed class DriftBaseline : IBaseline
{
    private double _first;
    private long _count;

    public string Name => "drift";

    public void Reset(double close)
    {
        _first = close;
        _count = 1;
    }

    public void Observe(double close, double flow) => _count++;

    public int ParameterCount => 1;

    public void Parameters(double lastClose, Span<double> parameters) => parameters[0] = _count > 1 ? (lastClose - _first) / (_count - 1) : 0;

    public (double Origin, double Slope) Line(ReadOnlySpan<double> parameters, double lastClose) => (lastClose, parameters[0]);

    public double[] SaveState() => [_first, _count];

    public void LoadState(ReadOnlySpan<double> state) => (_first, _count) = (state[0], (long)state[1]);
}
