using System.Buffers.Binary;
using System.IO.Compression;

namespace StreamForecast.MarketData;

/// <summary>
/// Gzip decompression that notices a file cut short: .NET's <see cref="GZipStream"/> just ends, so at the end
/// the bytes produced are compared with the size the gzip trailer records (its last four bytes, mod 2^32).
/// </summary>
internal sealed class CheckedGzipStream(FileStream file) : System.IO.Stream
{
    private readonly GZipStream _gzip = new(file, CompressionMode.Decompress);
    private readonly uint _recordedSize = RecordedSize(file);
    private long _produced;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _produced; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = _gzip.Read(buffer);
        }
        catch (InvalidDataException ex)
        {
            throw new TruncatedDataException($"the gzip data is corrupt ({ex.Message})", ex);
        }

        _produced += read;
        if (read == 0 && buffer.Length > 0 && (uint)_produced != _recordedSize)
        {
            throw new TruncatedDataException($"the gzip data is truncated: it ends after {_produced:N0} bytes, its trailer records {_recordedSize:N0}");
        }

        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
        }

        base.Dispose(disposing);
    }

    private static uint RecordedSize(FileStream file)
    {
        Span<byte> trailer = stackalloc byte[4];
        file.Seek(-4, SeekOrigin.End);
        file.ReadExactly(trailer);
        file.Position = 0;
        return BinaryPrimitives.ReadUInt32LittleEndian(trailer);
    }
}

/// <summary>A compressed file that ends early or does not decompress.</summary>
internal sealed class TruncatedDataException(string message, Exception? inner = null) : IOException(message, inner);
