namespace StreamForecast.Forecasting.Baselines;

/// <summary>Random walk: every horizon gets the last close.</summary>
internal sealed class NaiveBaseline : IBaseline
{
    public string Name => "naive";

    public void Reset(double close)
    {
    }

    public void Observe(double close, double flow)
    {
    }

    public int ParameterCount => 0;

    public void Parameters(double lastClose, Span<double> parameters)
    {
    }

    public (double Origin, double Slope) Line(ReadOnlySpan<double> parameters, double lastClose) => (lastClose, 0);

    public double[] SaveState() => [];

    public void LoadState(ReadOnlySpan<double> state)
    {
    }
}
