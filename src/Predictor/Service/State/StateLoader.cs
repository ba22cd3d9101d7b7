using Confluent.Kafka;
using StreamForecast.Messaging;

namespace StreamForecast.Predictor.Service.State;

/// <summary>
/// Reads state partitions to their end with a consumer of its own (directly assigned, no group, nothing
/// committed), handing each record to the caller as it arrives, its value a span over one reused buffer: nothing
/// is kept or allocated per record but the key. A later record of a series replaces an earlier one and an
/// empty value deletes it, so applying them in order leaves each series' newest. The mock broker keeps only
/// 5 MiB a partition and does not compact, so there only the newest records survive; a real broker compacts.
/// </summary>
internal static class StateLoader
{
    /// <summary>One state record as read: its series and value (empty: deleted), valid only during the call.</summary>
    public delegate void Handler(string series, ReadOnlySpan<byte> value);

    /// <param name="client">The Kafka client settings.</param>
    /// <param name="topic">The state topic.</param>
    /// <param name="partitions">Its partitions to read.</param>
    /// <param name="timeout">The longest wait for a broker answer or the next record.</param>
    /// <param name="apply">Gets every record, in the order read.</param>
    /// <param name="beat">Called as the read goes on (each record, each wait of at most 100 ms): a caller's liveness heartbeat.</param>
    /// <param name="start">Where to start each partition (default: its beginning).</param>
    /// <returns>Records read.</returns>
    public static long Read(
        ClientConfig client, string topic, IEnumerable<int> partitions, TimeSpan timeout, Handler apply, Action? beat = null,
        Func<IConsumer<string, ArraySegment<byte>>, IReadOnlyList<TopicPartition>, IReadOnlyList<TopicPartitionOffset>>? start = null)
    {
        ConsumerConfig config = client.ToConsumerConfig();
        config.GroupId = $"stream-state-restore-{Guid.NewGuid():N}";
        config.EnableAutoCommit = false;
        config.EnablePartitionEof = true;
        var buffer = new ReusedBuffer();
        using IConsumer<string, ArraySegment<byte>> consumer = new ConsumerBuilder<string, ArraySegment<byte>>(config)
            .SetValueDeserializer(buffer).SetLogHandler((_, _) => { }).Build();
        var ends = new Dictionary<int, long>();
        var assign = new List<TopicPartitionOffset>();
        foreach (int partition in partitions)
        {
            var topicPartition = new TopicPartition(topic, partition);
            beat?.Invoke();
            WatermarkOffsets marks = Watermarks(consumer, topicPartition, timeout);
            if (marks.High > marks.Low)
            {
                ends[partition] = marks.High.Value;
                assign.Add(new TopicPartitionOffset(topicPartition, Offset.Beginning));
            }
        }

        if (assign.Count == 0)
        {
            return 0;
        }

        consumer.Assign(start is null ? assign : start(consumer, [.. assign.Select(p => p.TopicPartition)]));
        var started = System.Diagnostics.Stopwatch.StartNew();
        long read = 0;
        while (ends.Count > 0)
        {
            ConsumeResult<string, ArraySegment<byte>>? record = consumer.Consume(TimeSpan.FromMilliseconds(100));
            beat?.Invoke();
            if (record is null)
            {
                if (started.Elapsed > timeout)
                {
                    throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"reading {topic} partitions {string.Join(", ", ends.Keys)} took over {timeout.TotalSeconds} s"));
                }

                continue;
            }

            started.Restart();
            // A partition read to its end as it was at the start is done: records written since (a live topic) are not applied.
            if (!ends.TryGetValue(record.Partition.Value, out long end))
            {
                continue;
            }

            if (!record.IsPartitionEOF && record.Message.Key is { } series)
            {
                apply(series, record.Message.Value);
                read++;
            }

            if (record.IsPartitionEOF || record.Offset.Value >= end - 1)
            {
                ends.Remove(record.Partition.Value);
            }
        }

        return read;
    }

    /// <summary>
    /// A partition's watermarks, asked again after a transient error (a broker handle replaced while the cluster's
    /// brokers change answers "broker handle destroyed" once) until <paramref name="timeout"/>.
    /// </summary>
    private static WatermarkOffsets Watermarks(IConsumer<string, ArraySegment<byte>> consumer, TopicPartition partition, TimeSpan timeout)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return consumer.QueryWatermarkOffsets(partition, timeout - waited.Elapsed);
            }
            catch (KafkaException ex) when (!ex.Error.IsFatal && waited.Elapsed < timeout - TimeSpan.FromMilliseconds(200))
            {
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>A value deserializer that copies each value into one growing buffer, reused for the next record.</summary>
    private sealed class ReusedBuffer : IDeserializer<ArraySegment<byte>>
    {
        private byte[] _buffer = new byte[16 * 1024];

        public ArraySegment<byte> Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            if (isNull)
            {
                return ArraySegment<byte>.Empty;
            }

            if (data.Length > _buffer.Length)
            {
                _buffer = new byte[Math.Max(data.Length, 2 * _buffer.Length)];
            }

            data.CopyTo(_buffer);
            return new ArraySegment<byte>(_buffer, 0, data.Length);
        }
    }
}
