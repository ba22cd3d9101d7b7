using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using StreamForecast.Forecasting.Store;

namespace StreamForecast.Predictor.Service.State;

/// <summary>
/// The state record's value, format 3 (docs: src/Predictor/Service/State/README.md): the format byte, the
/// model fingerprint, the row shape (so that a record is read without its model), then the series' row and
/// its LSTM (h, c) exactly as the store holds them, and a CRC-32 of all of it. Writing and restoring are span
/// copies, with nothing allocated per series. A record that is short, long, of another format or shape, or
/// fails its CRC is refused with the reason. Rows are little-endian (every host .NET runs Stream on).
/// </summary>
internal static class SeriesStateCodec
{
    public const byte Format = 3;

    /// <summary>Appends the record of the series in <paramref name="slot"/> to <paramref name="buffer"/> (one buffer is reused across records).</summary>
    public static void Write(ArrayBufferWriter<byte> buffer, ulong fingerprint, SeriesStore store, int slot)
    {
        RequireLittleEndian();
        int start = buffer.WrittenCount;
        var writer = new StateWriter(buffer);
        writer.Byte(Format);
        writer.UInt64(fingerprint);
        long[] shape = store.Layout.Shape.ToArray();
        writer.VarInt(shape.Length);
        foreach (long value in shape)
        {
            writer.VarInt(value);
        }

        int rowBytes = store.Layout.Bytes, lstm = store.Layout.Shape.LstmState;
        writer.VarInt(rowBytes);
        Span<byte> target = buffer.GetSpan(rowBytes + (2 * lstm * sizeof(float)));
        Span<float> state = MemoryMarshal.Cast<byte, float>(target.Slice(rowBytes, 2 * lstm * sizeof(float)));
        store.CopyOut(slot, target[..rowBytes], state[..lstm], state[lstm..]);
        buffer.Advance(rowBytes + (2 * lstm * sizeof(float)));
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.GetSpan(4), Crc32.HashToUInt32(buffer.WrittenSpan[start..]));
        buffer.Advance(4);
    }

    /// <summary>A record's parts, after the format, shape, length and CRC checks; spans over the value.</summary>
    /// <param name="value">The record's value.</param>
    /// <param name="known">A layout to use when the record's shape is its shape (a restore into a store), or null.</param>
    /// <exception cref="InvalidDataException">The record is not a state of this format, with why.</exception>
    public static StateRecordView Read(ReadOnlySpan<byte> value, RowLayout? known = null)
    {
        RequireLittleEndian();
        if (value.Length < 5)
        {
            throw new InvalidDataException($"a state record of {value.Length} bytes is too short");
        }

        if (value[0] != Format)
        {
            throw new InvalidDataException($"state format {value[0]} (this predictor reads format {Format})");
        }

        ReadOnlySpan<byte> body = value[..^4];
        if (Crc32.HashToUInt32(body) != BinaryPrimitives.ReadUInt32LittleEndian(value[^4..]))
        {
            throw new InvalidDataException("the state record fails its CRC-32 (corrupted)");
        }

        var reader = new StateReader(body);
        reader.Byte();
        ulong fingerprint = reader.UInt64();
        Span<long> numbers = stackalloc long[reader.Length(64)];
        for (int i = 0; i < numbers.Length; i++)
        {
            numbers[i] = reader.VarInt();
        }

        RowShape shape = RowShape.FromArray(numbers);
        RowLayout layout = known is not null && known.Shape == shape ? known : new RowLayout(shape);
        int rowBytes = reader.Length(1 << 26);
        if (rowBytes != layout.Bytes)
        {
            throw new InvalidDataException($"the row has {rowBytes} bytes; its shape makes {layout.Bytes}");
        }

        ReadOnlySpan<byte> row = reader.Bytes(rowBytes);
        ReadOnlySpan<float> lstm = MemoryMarshal.Cast<byte, float>(reader.Bytes(2 * shape.LstmState * sizeof(float)));
        if (!reader.AtEnd)
        {
            throw new InvalidDataException("the record has bytes after the state");
        }

        return new StateRecordView(fingerprint, layout, row, lstm[..shape.LstmState], lstm[shape.LstmState..]);
    }

    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("state records are rows as little-endian hosts hold them");
        }
    }
}

/// <summary>A state record read back: spans over its value.</summary>
internal readonly ref struct StateRecordView
{
    public StateRecordView(ulong fingerprint, RowLayout layout, ReadOnlySpan<byte> row, ReadOnlySpan<float> hidden, ReadOnlySpan<float> cell)
    {
        Fingerprint = fingerprint;
        Layout = layout;
        Row = row;
        Hidden = hidden;
        Cell = cell;
    }

    /// <summary>The model and forecast settings it belongs to (<see cref="ModelFingerprint"/>).</summary>
    public ulong Fingerprint { get; }

    /// <summary>Its row's layout, from the shape it carries.</summary>
    public RowLayout Layout { get; }

    public ReadOnlySpan<byte> Row { get; }

    /// <summary>LSTM h, (layers, H).</summary>
    public ReadOnlySpan<float> Hidden { get; }

    /// <summary>LSTM c, (layers, H).</summary>
    public ReadOnlySpan<float> Cell { get; }

    /// <summary>The input partition of the series' bars (and the state partition the record goes to).</summary>
    public int Partition => Layout.Partition.Get(Row);

    /// <summary>The input offset of the last bar applied: a restored series skips every bar at or below it.</summary>
    public long Offset => Layout.InputOffset.Get(Row);
}
