namespace StreamForecast.Predictor.Baselines;

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

    public double Extrapolate(ReadOnlySpan<double> parameters, double lastClose, int h) => lastClose;

    public double[] SaveState() => [];

    public void LoadState(ReadOnlySpan<double> state)
    {
    }
}
