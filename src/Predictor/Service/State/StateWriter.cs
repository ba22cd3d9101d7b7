using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace StreamForecast.Predictor.Service.State;

/// <summary>Little-endian raw IEEE bits and LEB128 varints into a growing buffer.</summary>
internal sealed class StateWriter(ArrayBufferWriter<byte> buffer)
{
    public void Byte(byte value)
    {
        buffer.GetSpan(1)[0] = value;
        buffer.Advance(1);
    }

    public void Int64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    public void UInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    public void Double(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(buffer.GetSpan(8), value);
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

    public void Doubles(ReadOnlySpan<double> values)
    {
        VarInt(values.Length);
        if (BitConverter.IsLittleEndian)
        {
            buffer.Write(MemoryMarshal.AsBytes(values));
            return;
        }

        Span<byte> span = buffer.GetSpan(values.Length * 8);
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(span[(i * 8)..], values[i]);
        }

        buffer.Advance(values.Length * 8);
    }

    public void Floats(ReadOnlySpan<float> values)
    {
        VarInt(values.Length);
        if (BitConverter.IsLittleEndian)
        {
            buffer.Write(MemoryMarshal.AsBytes(values));
            return;
        }

        Span<byte> span = buffer.GetSpan(values.Length * 4);
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[(i * 4)..], values[i]);
        }

        buffer.Advance(values.Length * 4);
    }
}
