using System.Diagnostics;

namespace StreamForecast.Messaging;

/// <summary>
/// Span tag keys, in one place for both services: OpenTelemetry's messaging conventions, then Stream's own.
/// </summary>
internal static class SpanTags
{
    public const string MessagingSystem = "messaging.system";
    public const string Destination = "messaging.destination.name";
    public const string MessageKey = "messaging.kafka.message.key";

    /// <summary>The system (kafka) and the topic a span reads or writes.</summary>
    public static void SetKafka(this Activity span, string topic)
    {
        span.SetTag(MessagingSystem, "kafka");
        span.SetTag(Destination, topic);
    }

    /// <summary>The bar's minute (unix seconds).</summary>
    public const string BarMinute = "stream.bar.minute";

    /// <summary>The model that forecast the bar.</summary>
    public const string Model = "stream.model";

    /// <summary>A dead letter's reason code.</summary>
    public const string DeadLetterReason = "stream.dead_letter.reason";
}
