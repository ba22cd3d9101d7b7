namespace StreamForecast.Forecasting.Baselines;

/// <summary>
/// Last close plus h times the mean of the last <c>window</c> flows (fewer at a segment's start). State: how
/// many flows are held, where the next goes, then the window of flows (a ring).
/// </summary>
internal sealed class SmaBaseline : IBaseline
{
    private readonly int _window;

    public SmaBaseline(int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        _window = window;
    }

    public string Name => "sma";

    public int StateSize => 2 + _window;

    public int ParameterCount => 1;

    public void Reset(Span<double> state, double close) => (state[0], state[1]) = (0, 0);

    public void Observe(Span<double> state, double close, double flow)
    {
        int next = (int)state[1];
        state[2 + next] = flow;
        state[1] = (next + 1) % _window;
        state[0] = Math.Min((int)state[0] + 1, _window);
    }

    public void Parameters(ReadOnlySpan<double> state, double lastClose, Span<double> parameters)
    {
        int count = (int)state[0];
        double mean = 0;
        for (int i = 0; i < count; i++)
        {
            mean += state[2 + i];
        }

        parameters[0] = count > 0 ? mean / count : 0;
    }

    public (double Origin, double Slope) Line(ReadOnlySpan<double> parameters, double lastClose) => (lastClose, parameters[0]);
}
