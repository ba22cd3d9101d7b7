namespace StreamForecast.Forecasting.Baselines;

/// <summary>
/// Every baseline in report order, over one series' baseline state (each baseline's doubles one after the
/// other) and a forecast's parameters (likewise): where each one's part starts, and the calls for all of them.
/// </summary>
internal sealed class BaselineLineUp
{
    private readonly IBaseline[] _baselines;
    private readonly int[] _stateOffsets;
    private readonly int[] _parameterOffsets;

    public BaselineLineUp(BaselineSettings settings)
    {
        _baselines = settings.Create();
        _stateOffsets = new int[_baselines.Length];
        _parameterOffsets = new int[_baselines.Length];
        for (int b = 1; b < _baselines.Length; b++)
        {
            _stateOffsets[b] = _stateOffsets[b - 1] + _baselines[b - 1].StateSize;
            _parameterOffsets[b] = _parameterOffsets[b - 1] + _baselines[b - 1].ParameterCount;
        }

        StateSize = _baselines.Sum(b => b.StateSize);
        ParameterCount = _baselines.Sum(b => b.ParameterCount);
    }

    public int Count => _baselines.Length;

    /// <summary>Doubles of state a series keeps for all of them.</summary>
    public int StateSize { get; }

    /// <summary>Doubles a forecast's lines are made of, for all of them.</summary>
    public int ParameterCount { get; }

    public void Reset(Span<double> state, double close)
    {
        for (int b = 0; b < _baselines.Length; b++)
        {
            _baselines[b].Reset(state.Slice(_stateOffsets[b], _baselines[b].StateSize), close);
        }
    }

    public void Observe(Span<double> state, double close, double flow)
    {
        for (int b = 0; b < _baselines.Length; b++)
        {
            _baselines[b].Observe(state.Slice(_stateOffsets[b], _baselines[b].StateSize), close, flow);
        }
    }

    /// <summary>Every baseline's forecast parameters from the last close.</summary>
    public void Parameters(ReadOnlySpan<double> state, double lastClose, Span<double> parameters)
    {
        for (int b = 0; b < _baselines.Length; b++)
        {
            _baselines[b].Parameters(state.Slice(_stateOffsets[b], _baselines[b].StateSize), lastClose, parameters.Slice(_parameterOffsets[b], _baselines[b].ParameterCount));
        }
    }

    /// <summary>Baseline <paramref name="baseline"/>'s line: its closes are origin + h × slope.</summary>
    public (double Origin, double Slope) Line(int baseline, ReadOnlySpan<double> parameters, double lastClose) =>
        _baselines[baseline].Line(parameters.Slice(_parameterOffsets[baseline], _baselines[baseline].ParameterCount), lastClose);
}
