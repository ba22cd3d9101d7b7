using Confluent.Kafka;

namespace StreamForecast.Messaging;

/// <summary>
/// librdkafka's log lines as it prints them itself, less the paragraph it prints at every start for a setting
/// marked experimental that this project sets on purpose (<c>enable.gapless.guarantee</c> on the replay's producer).
/// </summary>
internal static class KafkaLog
{
    /// <summary>Experimental settings the project sets deliberately: their start-up warning is noise.</summary>
    private static readonly string[] Deliberate = ["enable.gapless.guarantee"];

    public static Action<IClient, LogMessage> Writer(TextWriter writer) => (_, message) =>
    {
        if (IsNoise(message))
        {
            return;
        }

        lock (writer)
        {
            writer.WriteLine($"%{(int)message.Level}|{message.Facility}|{message.Name}| {message.Message}");
        }
    };

    public static bool IsNoise(LogMessage message) =>
        message.Facility == "CONFWARN" && message.Message.Contains("is experimental", StringComparison.Ordinal)
        && Deliberate.Any(setting => message.Message.Contains($"property {setting} ", StringComparison.Ordinal));
}
