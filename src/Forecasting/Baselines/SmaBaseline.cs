namespace StreamForecast.Forecasting.Baselines;

/// <summary>Last close plus h times the mean of the last <c>window</c> flows (fewer at a segment's start).</summary>
internal sealed class SmaBaseline : IBaseline
{
    private readonly double[] _flows;
    private int _count;
    private int _next;

    public SmaBaseline(int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        _flows = new double[window];
    }

    public string Name => "sma";

    public void Reset(double close)
    {
        _count = 0;
        _next = 0;
    }

    public void Observe(double close, double flow)
    {
        _flows[_next] = flow;
        _next = (_next + 1) % _flows.Length;
        _count = Math.Min(_count + 1, _flows.Length);
    }

    public int ParameterCount => 1;

    public void Parameters(double lastClose, Span<double> parameters)
    {
        double mean = 0;
        for (int i = 0; i < _count; i++)
        {
            mean += _flows[i];
        }

        parameters[0] = _count > 0 ? mean / _count : 0;
    }

    public (double Origin, double Slope) Line(ReadOnlySpan<double> parameters, double lastClose) => (lastClose, parameters[0]);

    public double[] SaveState() => [_count, _next, .. _flows];

    public void LoadState(ReadOnlySpan<double> state)
    {
        (_count, _next) = ((int)state[0], (int)state[1]);
        state[2..].CopyTo(_flows);
    }
}
