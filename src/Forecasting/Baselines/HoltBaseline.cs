namespace StreamForecast.Forecasting.Baselines;

/// <summary>
/// Holt's linear trend on closes: <c>l = α·y + (1 − α)(l + b)</c>, <c>b = β(l − l_prev) + (1 − β)b</c>,
/// forecast <c>l + h·b</c>; started at the segment's first close with zero trend (statsmodels'
/// <c>initialization_method="known"</c>).
/// </summary>
internal sealed class HoltBaseline(double alpha, double beta) : IBaseline
{
    private double _level;
    private double _trend;

    public string Name => "holt";

    public void Reset(double close)
    {
        _level = close;
        _trend = 0;
    }

    public void Observe(double close, double flow)
    {
        double previous = _level;
        _level = (alpha * close) + ((1 - alpha) * (_level + _trend));
        _trend = (beta * (_level - previous)) + ((1 - beta) * _trend);
    }

    public int ParameterCount => 2;

    public void Parameters(double lastClose, Span<double> parameters) => (parameters[0], parameters[1]) = (_level, _trend);

    public (double Origin, double Slope) Line(ReadOnlySpan<double> parameters, double lastClose) => (parameters[0], parameters[1]);

    public double[] SaveState() => [_level, _trend];

    public void LoadState(ReadOnlySpan<double> state) => (_level, _trend) = (state[0], state[1]);
}
