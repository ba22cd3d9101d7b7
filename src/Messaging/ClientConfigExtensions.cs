using Confluent.Kafka;

namespace StreamForecast.Messaging;

/// <summary>
/// Copies of the shared client settings per client kind. Confluent's <c>new ConsumerConfig(client)</c>
/// wraps the same dictionary, so a consumer-only setting would leak into every other client.
/// </summary>
internal static class ClientConfigExtensions
{
    public static ConsumerConfig ToConsumerConfig(this ClientConfig client) => new(Copy(client));

    public static ProducerConfig ToProducerConfig(this ClientConfig client) => new(Copy(client));

    public static AdminClientConfig ToAdminConfig(this ClientConfig client) => new(Copy(client));

    private static Dictionary<string, string> Copy(ClientConfig client) => client.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
}
