using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Confluent.Kafka;
using StreamForecast.Contracts;

namespace StreamForecast.Predictor.Service;

/// <summary>
/// A rejected record as a dead letter of bounded size, whatever came in: the key cut to
/// <see cref="BarValidator.MaxSeriesBytes"/>, the value cut to a configured size, the reason (already bounded),
/// its code and source, and the original value's size and SHA-256, so the record can still be identified.
/// </summary>
internal static class DeadLetterMessage
{
    public static Message<string, byte[]> Build(string? key, byte[]? value, Headers? original, string source, Rejection rejection, int maxValueBytes)
    {
        ReadOnlySpan<byte> bytes = value ?? [];
        var headers = new Headers
        {
            { Schemas.ReasonHeader, Encoding.UTF8.GetBytes(rejection.Detail) },
            { Schemas.ReasonCodeHeader, Encoding.UTF8.GetBytes(rejection.Code) },
            { Schemas.SourceHeader, Encoding.UTF8.GetBytes(source) },
            { Schemas.OriginalSizeHeader, Encoding.ASCII.GetBytes(bytes.Length.ToString(CultureInfo.InvariantCulture)) },
            { Schemas.Sha256Header, Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(bytes))) },
        };
        if (original?.TryGetLastBytes(Schemas.TraceParentHeader, out byte[] traceParent) == true && traceParent.Length <= 128)
        {
            headers.Add(Schemas.TraceParentHeader, traceParent);
        }

        return new Message<string, byte[]>
        {
            Key = key is null ? null! : Cut(key, BarValidator.MaxSeriesBytes),
            Value = bytes.Length <= maxValueBytes ? value! : bytes[..maxValueBytes].ToArray(),
            Headers = headers,
        };
    }

    /// <summary>At most <paramref name="maxBytes"/> bytes of UTF-8, cut at a character boundary.</summary>
    private static string Cut(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        int length = Math.Min(text.Length, maxBytes);
        while (Encoding.UTF8.GetByteCount(text.AsSpan(0, length)) > maxBytes)
        {
            length--;
        }

        if (length > 0 && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }

        return text[..length];
    }
}
