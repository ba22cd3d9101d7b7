using Confluent.Kafka;
using Confluent.Kafka.Admin;
using StreamForecast.Messaging;

namespace StreamForecast.Predictor.Service.State;

/// <summary>
/// The state topic must exist, be compacted, and have exactly as many partitions as the bars topic (state
/// partition p holds the series of bars partition p). A missing one is created so; a mismatched one stops
/// the start with what to fix.
/// </summary>
internal static class StateTopic
{
    /// <returns>Null when the topic is usable (or the wait was cancelled), else what is wrong.</returns>
    /// <exception cref="KafkaException">No broker answered within <paramref name="timeout"/>.</exception>
    public static string? Ensure(ClientConfig client, string barsTopic, string stateTopic, TimeSpan timeout, CancellationToken cancellation)
    {
        using IAdminClient admin = new AdminClientBuilder(client.ToAdminConfig()).Build();
        if (Metadata(admin, timeout, cancellation) is not { } metadata)
        {
            return null;
        }

        TopicMetadata? bars = metadata.Topics.FirstOrDefault(t => t.Topic == barsTopic && t.Error.Code == ErrorCode.NoError);
        if (bars is null)
        {
            // Nothing to consume yet; the topic may be created later. The state topic is checked again at the next start.
            return null;
        }

        TopicMetadata? state = metadata.Topics.FirstOrDefault(t => t.Topic == stateTopic && t.Error.Code == ErrorCode.NoError);
        if (state is null)
        {
            return Create(admin, stateTopic, bars.Partitions.Count, (short)Math.Min(3, metadata.Brokers.Count), timeout);
        }

        return state.Partitions.Count == bars.Partitions.Count
            ? null
            : $"the state topic {stateTopic} has {state.Partitions.Count} partitions and the bars topic {barsTopic} {bars.Partitions.Count}: they must be equal (recreate {stateTopic} with {bars.Partitions.Count}, cleanup.policy=compact)";
    }

    /// <summary>The cluster's metadata, asked in one-second steps so a stop is not held up by a broker that does not answer; null if cancelled.</summary>
    private static Metadata? Metadata(IAdminClient admin, TimeSpan timeout, CancellationToken cancellation)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return admin.GetMetadata(TimeSpan.FromSeconds(1));
            }
            catch (KafkaException ex) when (!ex.Error.IsFatal)
            {
                if (waited.Elapsed >= timeout)
                {
                    throw;
                }
            }

            if (cancellation.IsCancellationRequested)
            {
                return null;
            }
        }
    }

    private static string? Create(IAdminClient admin, string topic, int partitions, short replication, TimeSpan timeout)
    {
        try
        {
            admin.CreateTopicsAsync(
                [new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = replication, Configs = new() { ["cleanup.policy"] = "compact" } }],
                new CreateTopicsOptions { RequestTimeout = timeout }).GetAwaiter().GetResult();
            return null;
        }
        catch (CreateTopicsException ex) when (ex.Results.All(r => r.Error.Code == ErrorCode.TopicAlreadyExists))
        {
            return null;
        }
        catch (KafkaException ex)
        {
            return $"the state topic {topic} does not exist and could not be created ({ex.Error.Reason}); create it with {partitions} partitions and cleanup.policy=compact";
        }
    }
}
