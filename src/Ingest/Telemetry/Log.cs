using Microsoft.Extensions.Logging;

namespace StreamForecast.Ingest.Telemetry;

/// <summary>The ingest's log messages (source-generated).</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "replaying: librdkafka {LibrdkafkaVersion}, brokers {Brokers}, topic {Topic}, speed {Speed}")]
    public static partial void Replaying(ILogger logger, string librdkafkaVersion, string? brokers, string topic, string speed);

    [LoggerMessage(2, LogLevel.Information, "progress: {Done}/{Total} bars ({Percent:F1} %), at {EventTime} UTC, {Rate:N0} bars/s, ETA {Eta}")]
    public static partial void Progress(ILogger logger, long done, long total, double percent, string eventTime, double rate, TimeSpan eta);
}
