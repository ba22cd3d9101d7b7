namespace StreamForecast.Forecasting.Baselines;

/// <summary>
/// Holt's linear trend on closes: <c>l = α·y + (1 − α)(l + b)</c>, <c>b = β(l − l_prev) + (1 − β)b</c>,
/// forecast <c>l + h·b</c>; started at the segment's first close with zero trend (statsmodels'
/// <c>initialization_method="known"</c>). State: level, trend.
/// </summary>
internal sealed class HoltBaseline(double alpha, double beta) : IBaseline
{
    public string Name => "holt";

    public int StateSize => 2;

    public int ParameterCount => 2;

    public void Reset(Span<double> state, double close) => (state[0], state[1]) = (close, 0);

    public void Observe(Span<double> state, double close, double flow)
    {
        double previous = state[0];
        state[0] = (alpha * close) + ((1 - alpha) * (state[0] + state[1]));
        state[1] = (beta * (state[0] - previous)) + ((1 - beta) * state[1]);
    }

    public void Parameters(ReadOnlySpan<double> state, double lastClose, Span<double> parameters) => (parameters[0], parameters[1]) = (state[0], state[1]);

    public (double Origin, double Slope) Line(ReadOnlySpan<double> parameters, double lastClose) => (parameters[0], parameters[1]);
}
