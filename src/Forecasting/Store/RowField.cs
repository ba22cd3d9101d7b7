using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace StreamForecast.Forecasting.Store;

/// <summary>
/// One field of a series' row: <see cref="Count"/> values of <typeparamref name="T"/> at a byte offset
/// (aligned to the value's size). Reads and writes go straight to the row's bytes: no copy, no allocation.
/// </summary>
/// <typeparam name="T">long, double, float or int.</typeparam>
internal readonly struct RowField<T>(int offset, int count)
    where T : unmanaged
{
    public int Offset { get; } = offset;

    public int Count { get; } = count;

    public int Bytes => Count * Unsafe.SizeOf<T>();

    /// <summary>The field's values in <paramref name="row"/>.</summary>
    public Span<T> In(Span<byte> row) => MemoryMarshal.Cast<byte, T>(row.Slice(Offset, Bytes));

    /// <summary>The field's values in a row that is only read.</summary>
    public ReadOnlySpan<T> In(ReadOnlySpan<byte> row) => MemoryMarshal.Cast<byte, T>(row.Slice(Offset, Bytes));

    /// <summary>Value <paramref name="index"/> of the field in <paramref name="row"/>, by reference.</summary>
    public ref T At(Span<byte> row, int index = 0) => ref In(row)[index];

    /// <summary>Value <paramref name="index"/> of the field in a row that is only read.</summary>
    public T Get(ReadOnlySpan<byte> row, int index = 0) => In(row)[index];
}
