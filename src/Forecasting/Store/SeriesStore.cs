using StreamForecast.Engine.Inference;
using StreamForecast.Engine.Memory;

namespace StreamForecast.Forecasting.Store;

/// <summary>
/// Owns every series of one served model: a name → slot map, a free list of slots to reuse, and the rows,
/// one fixed-size row per slot (<see cref="RowLayout"/>) in pages that are added as series arrive and never
/// moved, next to the engine's (h, c) of the same slot. A series is loaded, restored and forgotten here and
/// nowhere else. At most <see cref="MaxSeries"/> series; beyond that <see cref="TryAdd"/> says no.
/// Not thread-safe: one owner thread (the processor's caller).
/// </summary>
internal sealed class SeriesStore
{
    private const int PageBytes = 4 << 20;

    private readonly byte[] _template;
    private readonly int _rowsPerPageShift;
    private readonly List<byte[]> _pages = [];
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private readonly List<string?> _names = [];
    private readonly Stack<int> _free = new();
    private readonly List<int> _dirty = [];

    /// <param name="layout">The rows' layout.</param>
    /// <param name="template">A new series' row (initial values); copied for every new series.</param>
    /// <param name="lstm">The engine's (h, c) of every slot; grown here as slots are added.</param>
    /// <param name="maxSeries">The most series held at once.</param>
    public SeriesStore(RowLayout layout, ReadOnlySpan<byte> template, IRecurrentState lstm, int maxSeries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSeries, 1);
        ArgumentOutOfRangeException.ThrowIfNotEqual(template.Length, layout.Bytes, nameof(template));
        Layout = layout;
        Lstm = lstm;
        MaxSeries = maxSeries;
        _template = template.ToArray();
        _rowsPerPageShift = Math.Max(0, (int)Math.Log2(Math.Max(1, PageBytes / layout.Bytes)));
    }

    public RowLayout Layout { get; }

    /// <summary>(h, c) by slot.</summary>
    public IRecurrentState Lstm { get; }

    public int MaxSeries { get; }

    /// <summary>Series held now.</summary>
    public int Count => _slots.Count;

    /// <summary>One past the highest slot ever used: live slots are below it (see <see cref="InUse"/>).</summary>
    public int SlotLimit => _names.Count;

    public bool TryGet(string name, out int slot) => _slots.TryGetValue(name, out slot);

    /// <summary>The series' slot, added (a fresh row, zeroed (h, c)) if it is new; false when the store is full.</summary>
    public bool TryAdd(string name, out int slot)
    {
        if (_slots.TryGetValue(name, out slot))
        {
            return true;
        }

        if (_slots.Count >= MaxSeries)
        {
            slot = -1;
            return false;
        }

        if (!_free.TryPop(out slot))
        {
            slot = _names.Count;
            _names.Add(null);
            int page = slot >> _rowsPerPageShift;
            if (page == _pages.Count)
            {
                _pages.Add(Pages.Allocate<byte>((1 << _rowsPerPageShift) * Layout.Bytes, zeroed: false));
            }

            Lstm.EnsureCapacity(slot + 1);
        }

        _template.CopyTo(Row(slot));
        Lstm.Reset(slot);
        _names[slot] = name;
        _slots.Add(name, slot);
        return true;
    }

    /// <summary>Forgets a series (its partition went to another member): its slot is freed for the next new series.</summary>
    public bool Remove(string name)
    {
        if (!_slots.Remove(name, out int slot))
        {
            return false;
        }

        _names[slot] = null;
        _free.Push(slot);
        return true;
    }

    public bool InUse(int slot) => (uint)slot < (uint)_names.Count && _names[slot] is not null;

    /// <summary>The series in a live slot.</summary>
    public string Name(int slot) => _names[slot] ?? throw new ArgumentException($"slot {slot} holds no series", nameof(slot));

    /// <summary>A live slot's row.</summary>
    public Span<byte> Row(int slot) =>
        _pages[slot >> _rowsPerPageShift].AsSpan((slot & ((1 << _rowsPerPageShift) - 1)) * Layout.Bytes, Layout.Bytes);

    /// <summary>Notes that a series changed since its last checkpoint (once on the dirty list until <see cref="TakeDirty"/>).</summary>
    public void MarkDirty(int slot)
    {
        ref int flags = ref Layout.Flags.At(Row(slot));
        if ((flags & (int)RowFlags.Dirty) == 0)
        {
            flags |= (int)RowFlags.Dirty;
            _dirty.Add(slot);
        }
    }

    /// <summary>Moves the slots marked dirty into <paramref name="into"/> and starts a new list (their flags stay until each is encoded).</summary>
    public void TakeDirty(Queue<int> into)
    {
        foreach (int slot in _dirty)
        {
            into.Enqueue(slot);
        }

        _dirty.Clear();
    }

    /// <summary>Whether a slot holds a series changed since its last checkpoint; clears the mark (the caller encodes it now).</summary>
    public bool TakeIfDirty(int slot)
    {
        if (!InUse(slot))
        {
            return false;
        }

        ref int flags = ref Layout.Flags.At(Row(slot));
        bool dirty = (flags & (int)RowFlags.Dirty) != 0;
        flags &= ~(int)RowFlags.Dirty;
        return dirty;
    }

    /// <summary>Copies a series' whole state out: its row and its (h, c), (layers, H) each.</summary>
    public void CopyOut(int slot, Span<byte> row, Span<float> hidden, Span<float> cell)
    {
        Row(slot).CopyTo(row);
        Lstm.CopyTo(slot, hidden, cell);
    }

    /// <summary>
    /// Moves a series' row and LSTM state into <paramref name="target"/>, a store of the same layout (a challenger's
    /// shadow row that starts serving): the row is copied whole, marked changed there, and leaves this store.
    /// </summary>
    /// <param name="name">The series.</param>
    /// <param name="target">Where it goes; it must not hold the series.</param>
    /// <returns>False when this store does not hold the series or the target is full.</returns>
    public bool MoveTo(string name, SeriesStore target)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(target.Layout.Bytes, Layout.Bytes, nameof(target));
        if (!TryGet(name, out int slot) || target.TryGet(name, out _) || !target.TryAdd(name, out int moved))
        {
            return false;
        }

        Row(slot).CopyTo(target.Row(moved));
        Lstm.CopySlot(slot, target.Lstm, moved);
        ref int flags = ref target.Layout.Flags.At(target.Row(moved));
        flags = 0;
        target.MarkDirty(moved);
        Remove(name);
        return true;
    }

    /// <summary>
    /// Takes a series over from a copy made by a store of the same layout (replacing what it had here): its
    /// row and (h, c) copied in, the transient flags cleared. False when the store is full.
    /// </summary>
    public bool TryRestore(string name, ReadOnlySpan<byte> row, ReadOnlySpan<float> hidden, ReadOnlySpan<float> cell, out int slot)
    {
        if (!TryAdd(name, out slot))
        {
            return false;
        }

        Span<byte> target = Row(slot);
        row.CopyTo(target);
        Layout.Flags.At(target) = 0;
        Layout.AcceptedTime.At(target) = Layout.LastTime.At(target);
        Lstm.CopyFrom(slot, hidden, cell);
        return true;
    }
}
