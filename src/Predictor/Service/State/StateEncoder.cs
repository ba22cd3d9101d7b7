using System.Buffers;
using StreamForecast.Forecasting.Store;

namespace StreamForecast.Predictor.Service.State;

/// <summary>
/// Encodes state records for a checkpoint into one reused buffer, then into exact-length arrays that are
/// reused too: the Kafka client copies a value when it is produced, so once a record is produced its array
/// can carry a later record of the same length (every series of a model has the same length). Pools at most
/// 256 MiB; not thread-safe (the consume loop's thread).
/// </summary>
internal sealed class StateEncoder
{
    private const long MaxPooledBytes = 256L << 20;
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private readonly Dictionary<int, Stack<byte[]>> _free = [];
    private long _pooled;

    /// <summary>The record of the series in <paramref name="slot"/>, in an array to <see cref="Return"/> once produced.</summary>
    public byte[] Encode(ulong fingerprint, SeriesStore store, int slot)
    {
        _buffer.ResetWrittenCount();
        SeriesStateCodec.Write(_buffer, fingerprint, store, slot);
        ReadOnlySpan<byte> value = _buffer.WrittenSpan;
        byte[] array;
        if (_free.TryGetValue(value.Length, out Stack<byte[]>? free) && free.TryPop(out byte[]? reused))
        {
            array = reused;
            _pooled -= array.Length;
        }
        else
        {
            array = GC.AllocateUninitializedArray<byte>(value.Length);
        }

        value.CopyTo(array);
        return array;
    }

    /// <summary>An array whose record has been produced (the client holds its own copy).</summary>
    public void Return(byte[] array)
    {
        if (_pooled + array.Length > MaxPooledBytes)
        {
            return;
        }

        if (!_free.TryGetValue(array.Length, out Stack<byte[]>? free))
        {
            _free[array.Length] = free = new Stack<byte[]>();
        }

        free.Push(array);
        _pooled += array.Length;
    }
}
