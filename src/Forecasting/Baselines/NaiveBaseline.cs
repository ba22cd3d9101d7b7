namespace StreamForecast.Forecasting.Baselines;

/// <summary>Random walk: every horizon gets the last close. No state.</summary>
internal sealed class NaiveBaseline : IBaseline
{
    public string Name => "naive";

    public int StateSize => 0;

    public int ParameterCount => 0;

    public void Reset(Span<double> state, double close)
    {
    }

    public void Observe(Span<double> state, double close, double flow)
    {
    }

    public void Parameters(ReadOnlySpan<double> state, double lastClose, Span<double> parameters)
    {
    }

    public (double Origin, double Slope) Line(ReadOnlySpan<double> parameters, double lastClose) => (lastClose, 0);
}
