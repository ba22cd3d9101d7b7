using StreamForecast.Engine.Inference;

namespace StreamForecast.Forecasting.Forecasts;

/// <summary>
/// The engine work of one chunk of bars: each series' LSTM step queued into one batch (at most one step a
/// series at a time: a second bar of the same series flushes the batch first), the K outputs of each step
/// (the direct head's, or a recursive rollout on a forked copy of the state, every fork of the chunk stepped
/// together K − 1 times), and zero-flow steps for filled minutes. Entries are the chunk's bar indexes.
/// </summary>
internal sealed class LstmBatch : IDisposable
{
    private readonly IRecurrentBackend _backend;
    private readonly IRecurrentState _state;
    private readonly IRecurrentState _forks;
    private readonly bool _direct;
    private readonly int _horizon;
    private readonly int _outputs;
    private readonly int[] _slots;
    private readonly float[] _inputs;
    private readonly float[] _stepOutputs;
    private readonly int[] _entries;
    private readonly int[] _forkSlots;
    private readonly float[] _forkInputs;
    private readonly float[] _forkOutputs;
    private int _count;

    /// <param name="backend">The engine.</param>
    /// <param name="state">Every series' (h, c), by slot (the store's).</param>
    /// <param name="direct">A direct head (K outputs a step) rather than a recursive rollout.</param>
    /// <param name="horizon">K.</param>
    /// <param name="chunk">Bars per chunk at most.</param>
    public LstmBatch(IRecurrentBackend backend, IRecurrentState state, bool direct, int horizon, int chunk)
    {
        _backend = backend;
        _state = state;
        _direct = direct;
        _horizon = horizon;
        _outputs = backend.Shape.OutputSize;
        _forks = backend.CreateState(chunk);
        _slots = new int[chunk];
        _inputs = new float[chunk];
        _stepOutputs = new float[chunk * _outputs];
        _entries = new int[chunk];
        _forkSlots = new int[chunk];
        _forkInputs = new float[chunk];
        _forkOutputs = new float[chunk];
        Outputs = new float[chunk * horizon];
    }

    /// <summary>(chunk, K): each entry's K outputs in scaled-flow units, once <see cref="Flush"/> and <see cref="RollOut"/> ran.</summary>
    public float[] Outputs { get; }

    public int Count => _count;

    /// <summary>Queues a series' step with its scaled flow, for entry <paramref name="entry"/>.</summary>
    public void Queue(int slot, float input, int entry)
    {
        _slots[_count] = slot;
        _inputs[_count] = input;
        _entries[_count] = entry;
        _count++;
    }

    /// <summary>
    /// One engine step for every queued series; each entry's first output (or the direct head's K) lands in
    /// <see cref="Outputs"/>, and for a recursive rollout its stepped state is forked. <paramref name="stepped"/>
    /// hears of each entry with whether its outputs are all finite (it then restarts the series if not).
    /// </summary>
    public void Flush(Action<int, bool> stepped)
    {
        int n = _count;
        if (n == 0)
        {
            return;
        }

        _count = 0;
        _backend.Step(_state, _slots.AsSpan(0, n), _inputs.AsSpan(0, n), _stepOutputs.AsSpan(0, n * _outputs));
        for (int b = 0; b < n; b++)
        {
            int entry = _entries[b];
            ReadOnlySpan<float> outputs = _stepOutputs.AsSpan(b * _outputs, _outputs);
            bool finite = AllFinite(outputs);
            if (finite)
            {
                Span<float> scaled = Outputs.AsSpan(entry * _horizon, _horizon);
                if (_direct)
                {
                    outputs[.._horizon].CopyTo(scaled);
                }
                else
                {
                    scaled[0] = outputs[0];
                    if (_horizon > 1)
                    {
                        _state.CopySlot(_slots[b], _forks, entry);
                    }
                }
            }

            stepped(entry, finite);
        }
    }

    /// <summary>Recursive K-step forecasts of the given entries: every fork stepped together, K − 1 times, each fed its last output.</summary>
    public void RollOut(ReadOnlySpan<int> entries)
    {
        if (_direct || _horizon == 1 || entries.IsEmpty)
        {
            return;
        }

        int m = entries.Length;
        for (int f = 0; f < m; f++)
        {
            _forkSlots[f] = entries[f];
            _forkInputs[f] = Outputs[entries[f] * _horizon];
        }

        for (int h = 2; h <= _horizon; h++)
        {
            _backend.Step(_forks, _forkSlots.AsSpan(0, m), _forkInputs.AsSpan(0, m), _forkOutputs.AsSpan(0, m));
            for (int f = 0; f < m; f++)
            {
                Outputs[(entries[f] * _horizon) + h - 1] = _forkOutputs[f];
                _forkInputs[f] = _forkOutputs[f];
            }
        }
    }

    /// <summary>Zero-flow steps of one series for filled minutes, its inputs given one a minute (the engine's outputs are not used).</summary>
    public void StepAlone(int slot, float input)
    {
        Span<int> slots = [slot];
        Span<float> inputs = [input];
        Span<float> outputs = stackalloc float[_outputs];
        _backend.Step(_state, slots, inputs, outputs);
    }

    public void Dispose() => _forks.Dispose();

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (float value in values)
        {
            if (!float.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }
}
