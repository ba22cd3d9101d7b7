namespace StreamForecast.Engine.Inference;

/// <summary>
/// Executes a loaded LSTM over many independent series. The service depends only on this interface,
/// so a GPU backend can replace the CPU engine without touching it.
/// </summary>
internal interface IRecurrentBackend : IDisposable
{
    LstmShape Shape { get; }

    /// <summary>Allocates a zeroed state buffer with <paramref name="capacity"/> series slots.</summary>
    IRecurrentState CreateState(int capacity);

    /// <summary>
    /// Advances the series in <paramref name="slots"/> (distinct) by one time step, reading and writing
    /// their (h, c) in <paramref name="state"/>; other slots are untouched.
    /// </summary>
    /// <param name="state">A state created by this backend.</param>
    /// <param name="slots">n slot indexes.</param>
    /// <param name="inputs">(n, I), row r for <c>slots[r]</c>.</param>
    /// <param name="outputs">(n, O): the head's activated outputs.</param>
    void Step(IRecurrentState state, ReadOnlySpan<int> slots, ReadOnlySpan<float> inputs, Span<float> outputs);
}
