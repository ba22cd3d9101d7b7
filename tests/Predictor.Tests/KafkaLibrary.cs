using System.Runtime.CompilerServices;
using StreamForecast.Messaging;

namespace StreamForecast.Predictor.Tests;

/// <summary>
/// Loads the bundled librdkafka before any test runs. A test whose first Kafka client is its own (a
/// producer built by a test without a broker) would otherwise let Confluent.Kafka's probing find
/// the system's librdkafka.so (Debian's 2.0.2 lacks rd_kafka_message_leader_epoch: the test host crashed when such a
/// test happened to run first).
/// </summary>
internal static class KafkaLibrary
{
#pragma warning disable CA2255 // a test assembly's one-time native set-up is what module initializers are for
    [ModuleInitializer]
    internal static void Load() => KafkaNative.EnsureLoaded();
#pragma warning restore CA2255
}
