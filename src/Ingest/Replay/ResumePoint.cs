using System.Text.Json;
using Confluent.Kafka;
using StreamForecast.Contracts;
using StreamForecast.Messaging;

namespace StreamForecast.Ingest.Replay;

/// <summary>
/// Where a replay left off: the last bar time of each series already on the topic, read from the tail
/// of every partition. Bars are produced in time order by an idempotent producer, so each series' last
/// record sits near its partition's end; the tail scanned is generous.
/// </summary>
internal static class ResumePoint
{
    private const int TailRecords = 20_000;

    public static Dictionary<string, long> Read(ClientConfig client, string topic, TimeSpan timeout)
    {
        var last = new Dictionary<string, long>(StringComparer.Ordinal);
        using IAdminClient admin = new AdminClientBuilder(client.ToAdminConfig()).Build();

        // All-topic metadata: asking for one topic by name could auto-create it.
        TopicMetadata? metadata = admin.GetMetadata(timeout).Topics.FirstOrDefault(t => t.Topic == topic);
        if (metadata is null || metadata.Partitions.Count == 0)
        {
            return last;
        }

        ConsumerConfig config = client.ToConsumerConfig();
        config.GroupId = $"stream-ingest-resume-{Guid.NewGuid():N}";
        config.EnableAutoCommit = false;
        config.EnablePartitionEof = true;
        using IConsumer<string, byte[]> consumer = new ConsumerBuilder<string, byte[]>(config).Build();
        foreach (PartitionMetadata partition in metadata.Partitions)
        {
            var topicPartition = new TopicPartition(topic, partition.PartitionId);
            WatermarkOffsets marks = consumer.QueryWatermarkOffsets(topicPartition, timeout);
            if (marks.High <= marks.Low)
            {
                continue;
            }

            consumer.Assign(new TopicPartitionOffset(topicPartition, Math.Max(marks.Low.Value, marks.High.Value - TailRecords)));
            DateTime deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                ConsumeResult<string, byte[]>? record = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (record is null)
                {
                    continue;
                }

                if (record.IsPartitionEOF)
                {
                    break;
                }

                MinuteBar? bar = TryParse(record.Message.Value);
                if (bar is not null)
                {
                    last[bar.Series] = Math.Max(last.GetValueOrDefault(bar.Series, long.MinValue), bar.Timestamp);
                }

                if (record.Offset.Value >= marks.High.Value - 1)
                {
                    break;
                }
            }

            consumer.Unassign();
        }

        return last;
    }

    private static MinuteBar? TryParse(byte[] value)
    {
        try
        {
            return JsonSerializer.Deserialize(value, ContractsJson.Default.MinuteBar);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
