namespace StreamForecast.Predictor.Baselines;

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

    public void Forecast(double lastClose, Span<double> closes)
    {
        double slope = _count > 1 ? (lastClose - _first) / (_count - 1) : 0;
        for (int h = 1; h <= closes.Length; h++)
        {
            closes[h - 1] = lastClose + (h * slope);
        }
    }

    public double[] SaveState() => [_first, _count];

    public void LoadState(ReadOnlySpan<double> state) => (_first, _count) = (state[0], (long)state[1]);
}
