using System.Text.Json;
using Confluent.Kafka;
using StreamForecast.Contracts;
using StreamForecast.Messaging;

namespace StreamForecast.Ingest.Replay;

/// <summary>
/// Where a replay left off: the last bar time of each series already on the topic, read from the tail
/// of every partition. Bars are produced in time order by an idempotent producer, so each series' last
/// record sits near its partition's end; the scan starts with the last 20,000 records and widens until
/// every series of the replay is found or the partitions were read whole (a series new to the topic).
/// </summary>
internal static class ResumePoint
{
    private const int TailRecords = 20_000;

    /// <param name="client">Kafka client settings.</param>
    /// <param name="topic">The bars topic.</param>
    /// <param name="series">The series this replay sends: the scan widens until each is found or every partition was read whole.</param>
    /// <param name="time">The clock the per-request timeout runs on.</param>
    /// <param name="timeout">Per request.</param>
    /// <param name="firstWindow">Records read from each partition's end in the first round.</param>
    public static Dictionary<string, long> Read(ClientConfig client, string topic, IReadOnlyCollection<string> series, TimeProvider time, TimeSpan timeout, long firstWindow = TailRecords)
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
        var pending = metadata.Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        long window = firstWindow;
        while (pending.Count > 0)
        {
            foreach (TopicPartition partition in pending.ToList())
            {
                WatermarkOffsets marks = consumer.QueryWatermarkOffsets(partition, timeout);
                long start = Math.Max(marks.Low.Value, marks.High.Value - window);
                if (marks.High > marks.Low)
                {
                    Scan(consumer, partition, start, marks.High.Value, last, time, timeout);
                }

                if (start <= marks.Low.Value)
                {
                    pending.Remove(partition);
                }
            }

            if (series.All(last.ContainsKey))
            {
                break;
            }

            window *= 4;
        }

        return last;
    }

    /// <summary>Reads [start, end) of one partition, keeping each series' latest bar time.</summary>
    private static void Scan(IConsumer<string, byte[]> consumer, TopicPartition partition, long start, long end, Dictionary<string, long> last, TimeProvider time, TimeSpan timeout)
    {
        consumer.Assign(new TopicPartitionOffset(partition, start));
        long progress = time.GetTimestamp();
        while (time.GetElapsedTime(progress) < timeout)
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

            progress = time.GetTimestamp();
            MinuteBar? bar = TryParse(record.Message.Value);
            if (bar is not null)
            {
                last[bar.Series] = Math.Max(last.GetValueOrDefault(bar.Series, long.MinValue), bar.Timestamp);
            }

            if (record.Offset.Value >= end - 1)
            {
                break;
            }
        }

        consumer.Unassign();
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
