using Confluent.Kafka;
using StreamForecast.Messaging;

namespace StreamForecast.Predictor.Service.State;

/// <summary>
/// Reads state partitions to their end (the newest record of each series wins; an empty value deletes it),
/// with a consumer of its own: directly assigned, no group, nothing committed. The mock broker keeps only
/// 5 MiB a partition and does not compact, so there only the newest records survive; a real broker compacts.
/// </summary>
internal static class StateLoader
{
    /// <returns>Series → (value, the state record's offset).</returns>
    public static Dictionary<string, byte[]> Read(ClientConfig client, string topic, IEnumerable<int> partitions, TimeSpan timeout)
    {
        var latest = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        ConsumerConfig config = client.ToConsumerConfig();
        config.GroupId = $"stream-state-restore-{Guid.NewGuid():N}";
        config.EnableAutoCommit = false;
        config.EnablePartitionEof = true;
        using IConsumer<string, byte[]> consumer = new ConsumerBuilder<string, byte[]>(config).SetLogHandler((_, _) => { }).Build();
        var ends = new Dictionary<int, long>();
        var assign = new List<TopicPartitionOffset>();
        foreach (int partition in partitions)
        {
            var topicPartition = new TopicPartition(topic, partition);
            WatermarkOffsets marks = consumer.QueryWatermarkOffsets(topicPartition, timeout);
            if (marks.High > marks.Low)
            {
                ends[partition] = marks.High.Value;
                assign.Add(new TopicPartitionOffset(topicPartition, Offset.Beginning));
            }
        }

        if (assign.Count == 0)
        {
            return latest;
        }

        consumer.Assign(assign);
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (ends.Count > 0)
        {
            ConsumeResult<string, byte[]>? record = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (record is null)
            {
                if (started.Elapsed > timeout)
                {
                    throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"reading {topic} partitions {string.Join(", ", ends.Keys)} took over {timeout.TotalSeconds} s"));
                }

                continue;
            }

            started.Restart();
            if (!record.IsPartitionEOF && record.Message.Key is { } series)
            {
                if (record.Message.Value is { Length: > 0 } value)
                {
                    latest[series] = value;
                }
                else
                {
                    latest.Remove(series);
                }
            }

            if (record.IsPartitionEOF || record.Offset.Value >= ends[record.Partition.Value] - 1)
            {
                ends.Remove(record.Partition.Value);
            }
        }

        return latest;
    }
}
