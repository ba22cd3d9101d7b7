namespace StreamForecast.Engine.Inference;

/// <summary>
/// Host-memory state buffer: <see cref="Hidden"/> and <see cref="Cell"/> each of shape
/// (layers, capacity, H), so slot s of layer l starts at <c>((l · capacity) + s) · H</c>.
/// </summary>
internal sealed class CpuLstmState : IRecurrentState
{
    private readonly LstmShape _shape;

    public CpuLstmState(LstmShape shape, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _shape = shape;
        Capacity = capacity;
        Hidden = new float[shape.Layers * capacity * shape.HiddenSize];
        Cell = new float[Hidden.Length];
    }

    public int Capacity { get; private set; }

    /// <summary>(layers, capacity, H).</summary>
    public float[] Hidden { get; private set; }

    /// <summary>(layers, capacity, H).</summary>
    public float[] Cell { get; private set; }

    public int Offset(int layer, int slot) => ((layer * Capacity) + slot) * _shape.HiddenSize;

    public void EnsureCapacity(int capacity)
    {
        if (capacity <= Capacity)
        {
            return;
        }

        int grown = Math.Max(capacity, Capacity * 2);
        float[] hidden = new float[_shape.Layers * grown * _shape.HiddenSize];
        float[] cell = new float[hidden.Length];
        int perLayer = Capacity * _shape.HiddenSize;
        for (int layer = 0; layer < _shape.Layers; layer++)
        {
            int target = layer * grown * _shape.HiddenSize;
            Array.Copy(Hidden, layer * perLayer, hidden, target, perLayer);
            Array.Copy(Cell, layer * perLayer, cell, target, perLayer);
        }

        Hidden = hidden;
        Cell = cell;
        Capacity = grown;
    }

    public void Reset(int slot)
    {
        CheckSlot(slot);
        for (int layer = 0; layer < _shape.Layers; layer++)
        {
            Hidden.AsSpan(Offset(layer, slot), _shape.HiddenSize).Clear();
            Cell.AsSpan(Offset(layer, slot), _shape.HiddenSize).Clear();
        }
    }

    public void CopyTo(int slot, Span<float> hidden, Span<float> cell)
    {
        CheckSlot(slot);
        CheckLength(hidden.Length, cell.Length);
        int h = _shape.HiddenSize;
        for (int layer = 0; layer < _shape.Layers; layer++)
        {
            Hidden.AsSpan(Offset(layer, slot), h).CopyTo(hidden.Slice(layer * h, h));
            Cell.AsSpan(Offset(layer, slot), h).CopyTo(cell.Slice(layer * h, h));
        }
    }

    public void CopyFrom(int slot, ReadOnlySpan<float> hidden, ReadOnlySpan<float> cell)
    {
        CheckSlot(slot);
        CheckLength(hidden.Length, cell.Length);
        int h = _shape.HiddenSize;
        for (int layer = 0; layer < _shape.Layers; layer++)
        {
            hidden.Slice(layer * h, h).CopyTo(Hidden.AsSpan(Offset(layer, slot), h));
            cell.Slice(layer * h, h).CopyTo(Cell.AsSpan(Offset(layer, slot), h));
        }
    }

    public void CopySlot(int source, IRecurrentState destination, int destinationSlot)
    {
        if (destination is not CpuLstmState target || target._shape != _shape)
        {
            throw new ArgumentException("The destination is not a CPU state of the same shape.", nameof(destination));
        }

        CheckSlot(source);
        target.CheckSlot(destinationSlot);
        int h = _shape.HiddenSize;
        for (int layer = 0; layer < _shape.Layers; layer++)
        {
            Array.Copy(Hidden, Offset(layer, source), target.Hidden, target.Offset(layer, destinationSlot), h);
            Array.Copy(Cell, Offset(layer, source), target.Cell, target.Offset(layer, destinationSlot), h);
        }
    }

    public void Dispose()
    {
        // Managed memory only.
    }

    private void CheckSlot(int slot) => ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)slot, (uint)Capacity, nameof(slot));

    private void CheckLength(int hidden, int cell)
    {
        if (hidden != _shape.StatePerSeries || cell != _shape.StatePerSeries)
        {
            throw new ArgumentException($"State spans must hold layers x H = {_shape.StatePerSeries} floats each.");
        }
    }
}
