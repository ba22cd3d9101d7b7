using Confluent.Kafka;
using StreamForecast.Contracts;
using StreamForecast.Messaging;

namespace StreamForecast.Ingest.Replay;

/// <summary>
/// Where a replay left off: the last bar time of each series already on the topic, read from the tail
/// of every partition. Only records that are valid bars of their series count (the predictor's rules:
/// <see cref="BarValidator"/>); a foreign, malformed or far-future record is ignored and reported, so it
/// cannot make a series look done. Bars are produced in time order by an idempotent producer, so each series' last
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
    public static ResumeScan Read(ClientConfig client, string topic, IReadOnlyCollection<string> series, TimeProvider time, TimeSpan timeout, long firstWindow = TailRecords)
    {
        var scan = new ResumeScan(new Dictionary<string, long>(StringComparer.Ordinal), new Dictionary<string, long>(StringComparer.Ordinal));
        var last = scan.Last;
        using IAdminClient admin = new AdminClientBuilder(client.ToAdminConfig()).Build();

        // All-topic metadata: asking for one topic by name could auto-create it.
        TopicMetadata? metadata = admin.GetMetadata(timeout).Topics.FirstOrDefault(t => t.Topic == topic);
        if (metadata is null || metadata.Partitions.Count == 0)
        {
            return scan;
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
                    Scan(consumer, partition, start, marks.High.Value, scan, time, timeout);
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

        return scan;
    }

    /// <summary>Reads [start, end) of one partition, keeping each series' latest valid bar time.</summary>
    private static void Scan(IConsumer<string, byte[]> consumer, TopicPartition partition, long start, long end, ResumeScan scan, TimeProvider time, TimeSpan timeout)
    {
        // The predictor's own horizon for "not in the future": the wall clock plus a day.
        long latest = time.GetUtcNow().ToUnixTimeSeconds() + (long)TimeSpan.FromDays(1).TotalSeconds;
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
            var (bar, rejection) = BarValidator.Validate(record.Message.Key, record.Message.Value, long.MinValue, latest);
            if (bar is not null)
            {
                scan.Last[bar.Series] = Math.Max(scan.Last.GetValueOrDefault(bar.Series, long.MinValue), bar.Timestamp);
            }
            else
            {
                scan.Ignored[rejection!.Value.Code] = scan.Ignored.GetValueOrDefault(rejection.Value.Code) + 1;
            }

            if (record.Offset.Value >= end - 1)
            {
                break;
            }
        }

        consumer.Unassign();
    }
}
