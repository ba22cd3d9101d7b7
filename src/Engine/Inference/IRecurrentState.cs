namespace StreamForecast.Engine.Inference;

/// <summary>
/// The (h, c) of many series, one slot per series, owned by the caller and kept by the backend between
/// steps (host memory for the CPU engine, device memory for a GPU backend).
/// </summary>
internal interface IRecurrentState : IDisposable
{
    /// <summary>Number of series slots.</summary>
    int Capacity { get; }

    /// <summary>Grows to at least <paramref name="capacity"/> slots, keeping every slot's state.</summary>
    void EnsureCapacity(int capacity);

    /// <summary>Zeroes the slot (a new series, or a reset after a long gap).</summary>
    void Reset(int slot);

    /// <summary>Copies one slot's state out, each of shape (layers, H).</summary>
    void CopyTo(int slot, Span<float> hidden, Span<float> cell);

    /// <summary>Sets one slot's state, each of shape (layers, H).</summary>
    void CopyFrom(int slot, ReadOnlySpan<float> hidden, ReadOnlySpan<float> cell);

    /// <summary>
    /// Copies slot <paramref name="source"/> to <paramref name="destinationSlot"/> of
    /// <paramref name="destination"/> (this state or another of the same backend): forks a rollout.
    /// </summary>
    void CopySlot(int source, IRecurrentState destination, int destinationSlot);
}
