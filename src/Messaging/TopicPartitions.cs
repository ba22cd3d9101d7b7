using Confluent.Kafka;

namespace StreamForecast.Messaging;

/// <summary>A topic's partitions, asked of the cluster's metadata.</summary>
public static class TopicPartitions
{
    /// <returns>The partition ids; empty when the topic does not exist.</returns>
    public static List<int> Of(ClientConfig client, string topic)
    {
        KafkaNative.EnsureLoaded();
        using IAdminClient admin = new AdminClientBuilder(client.ToAdminConfig()).Build();
        return [.. admin.GetMetadata(topic, TimeSpan.FromSeconds(15)).Topics
            .Where(t => t.Topic == topic && t.Error.Code == ErrorCode.NoError)
            .SelectMany(t => t.Partitions)
            .Select(p => p.PartitionId)];
    }
}
