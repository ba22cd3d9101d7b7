using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using StreamForecast.Contracts;

namespace StreamForecast.Messaging;

/// <summary>Carries W3C trace context in a record's <c>traceparent</c> header.</summary>
internal static class TraceHeaders
{
    /// <summary>Adds the context as a traceparent; nothing for the default context (no span: no listener, not sampled).</summary>
    public static void Inject(Headers headers, ActivityContext context)
    {
        if (context != default)
        {
            string flags = (context.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? "01" : "00";
            headers.Add(Schemas.TraceParentHeader, Encoding.ASCII.GetBytes($"00-{context.TraceId.ToHexString()}-{context.SpanId.ToHexString()}-{flags}"));
        }
    }

    /// <summary>The context in the record's traceparent header, or default when absent or malformed.</summary>
    public static ActivityContext Extract(Headers? headers) =>
        headers is not null && headers.TryGetLastBytes(Schemas.TraceParentHeader, out byte[] value)
            && ActivityContext.TryParse(Encoding.ASCII.GetString(value), null, isRemote: true, out ActivityContext context)
            ? context
            : default;
}
