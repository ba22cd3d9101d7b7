using System.Buffers;
using System.Buffers.Binary;

namespace StreamForecast.Predictor.Service.State;

/// <summary>Little-endian fixed-width integers and LEB128 varints into a growing buffer.</summary>
internal sealed class StateWriter(ArrayBufferWriter<byte> buffer)
{
    public void Byte(byte value)
    {
        buffer.GetSpan(1)[0] = value;
        buffer.Advance(1);
    }

    public void UInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    /// <summary>An unsigned varint (7 bits a byte, low bits first).</summary>
    public void VarInt(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        Span<byte> span = buffer.GetSpan(10);
        int n = 0;
        ulong rest = (ulong)value;
        while (rest >= 0x80)
        {
            span[n++] = (byte)(rest | 0x80);
            rest >>= 7;
        }

        span[n++] = (byte)rest;
        buffer.Advance(n);
    }
}
