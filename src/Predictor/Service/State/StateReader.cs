using System.Buffers.Binary;

namespace StreamForecast.Predictor.Service.State;

/// <summary>Reads what <see cref="StateWriter"/> wrote; running past the end or an absurd length is an <see cref="InvalidDataException"/>.</summary>
internal ref struct StateReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly bool AtEnd => _position == _data.Length;

    public byte Byte() => Take(1)[0];

    public ulong UInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public long VarInt()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte next = Byte();
            value |= (ulong)(next & 0x7F) << shift;
            if (next < 0x80)
            {
                return value <= long.MaxValue ? (long)value : throw new InvalidDataException("a varint is out of range");
            }
        }

        throw new InvalidDataException("a varint runs past 64 bits");
    }

    public int Length(int max)
    {
        long length = VarInt();
        return length <= max ? (int)length : throw new InvalidDataException($"a length of {length} (at most {max})");
    }

    /// <summary>The next <paramref name="count"/> bytes, as they are.</summary>
    public ReadOnlySpan<byte> Bytes(int count) => Take(count);

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || _position + count > _data.Length)
        {
            throw new InvalidDataException($"the record ends early (at byte {_position} of {_data.Length}, {count} more wanted)");
        }

        ReadOnlySpan<byte> span = _data.Slice(_position, count);
        _position += count;
        return span;
    }
}
