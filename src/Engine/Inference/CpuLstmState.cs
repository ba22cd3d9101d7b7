using StreamForecast.Engine.Memory;

namespace StreamForecast.Engine.Inference;

/// <summary>
/// Host-memory state buffer in pages of up to <see cref="PageSlots"/> series. A page holds its slots'
/// (h, c) as two arrays of shape (slots, layers, H): one series' state is contiguous, and growing adds a
/// page without moving any series already there (only a first, partly used page is ever copied while it
/// grows to full size), so a million series never need one huge array or a copy of it.
/// </summary>
internal sealed class CpuLstmState : IRecurrentState
{
    /// <summary>Series per page once the state is that large (1,024 × 2 × 100 × 4 B: 800 KiB for h, as much for c).</summary>
    public const int PageSlots = 1024;
    private const int PageShift = 10;

    private readonly LstmShape _shape;
    private readonly int _perSlot;
    private readonly List<float[]> _hidden = [];
    private readonly List<float[]> _cell = [];

    public CpuLstmState(LstmShape shape, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _shape = shape;
        _perSlot = shape.StatePerSeries;
        EnsureCapacity(capacity);
    }

    public int Capacity { get; private set; }

    /// <summary>Floats of h (and of c) per series: layers × H.</summary>
    public int StatePerSeries => _perSlot;

    /// <summary>Layer <paramref name="layer"/>'s h of a slot: H floats.</summary>
    public Span<float> Hidden(int layer, int slot) => _hidden[slot >> PageShift].AsSpan(Offset(layer, slot), _shape.HiddenSize);

    /// <summary>Layer <paramref name="layer"/>'s c of a slot: H floats.</summary>
    public Span<float> Cell(int layer, int slot) => _cell[slot >> PageShift].AsSpan(Offset(layer, slot), _shape.HiddenSize);

    public void EnsureCapacity(int capacity)
    {
        while (Capacity < capacity)
        {
            int page = Capacity >> PageShift;
            int wanted = Math.Min(PageSlots, capacity - (page << PageShift));
            if (page < _hidden.Count)
            {
                // A partly sized last page: grown (doubling) to what is wanted, its series copied over.
                int slots = Math.Max(wanted, Math.Min(PageSlots, 2 * (_hidden[page].Length / _perSlot)));
                _hidden[page] = Grown(_hidden[page], slots);
                _cell[page] = Grown(_cell[page], slots);
            }
            else
            {
                int slots = page == 0 ? Math.Max(wanted, 1) : PageSlots;
                _hidden.Add(Pages.Allocate<float>(slots * _perSlot, zeroed: true));
                _cell.Add(Pages.Allocate<float>(slots * _perSlot, zeroed: true));
            }

            Capacity = (page << PageShift) + (_hidden[page].Length / _perSlot);
        }
    }

    public void Reset(int slot)
    {
        CheckSlot(slot);
        Slot(_hidden, slot).Clear();
        Slot(_cell, slot).Clear();
    }

    public void CopyTo(int slot, Span<float> hidden, Span<float> cell)
    {
        CheckSlot(slot);
        CheckLength(hidden.Length, cell.Length);
        Slot(_hidden, slot).CopyTo(hidden);
        Slot(_cell, slot).CopyTo(cell);
    }

    public void CopyFrom(int slot, ReadOnlySpan<float> hidden, ReadOnlySpan<float> cell)
    {
        CheckSlot(slot);
        CheckLength(hidden.Length, cell.Length);
        hidden.CopyTo(Slot(_hidden, slot));
        cell.CopyTo(Slot(_cell, slot));
    }

    public void CopySlot(int source, IRecurrentState destination, int destinationSlot)
    {
        if (destination is not CpuLstmState target || target._shape != _shape)
        {
            throw new ArgumentException("The destination is not a CPU state of the same shape.", nameof(destination));
        }

        CheckSlot(source);
        target.CheckSlot(destinationSlot);
        Slot(_hidden, source).CopyTo(Slot(target._hidden, destinationSlot));
        Slot(_cell, source).CopyTo(Slot(target._cell, destinationSlot));
    }

    public void Dispose()
    {
        // Managed memory only.
    }

    private int Offset(int layer, int slot) => (((slot & (PageSlots - 1)) * _shape.Layers) + layer) * _shape.HiddenSize;

    private Span<float> Slot(List<float[]> pages, int slot) => pages[slot >> PageShift].AsSpan((slot & (PageSlots - 1)) * _perSlot, _perSlot);

    private float[] Grown(float[] page, int slots)
    {
        float[] grown = Pages.Allocate<float>(slots * _perSlot, zeroed: true);
        page.CopyTo(grown, 0);
        return grown;
    }

    private void CheckSlot(int slot) => ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)slot, (uint)Capacity, nameof(slot));

    private void CheckLength(int hidden, int cell)
    {
        if (hidden != _perSlot || cell != _perSlot)
        {
            throw new ArgumentException($"State spans must hold layers x H = {_perSlot} floats each.");
        }
    }
}
