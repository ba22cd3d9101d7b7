using System.Text.Json;
using Confluent.Kafka;
using StreamForecast.Contracts;
using StreamForecast.Messaging;
using StreamForecast.Predictor.Service.Models;
using StreamForecast.Predictor.Service.State;

namespace StreamForecast.Predictor.Tools.Rollout;

/// <summary>What the rollout commands read and write: the models topic's current records, the newest bar's minute, the live metrics.</summary>
internal sealed class ModelsTopicClient(ClientConfig client, string topic = TopicNames.Models)
{
    /// <summary>The client settings it reads and writes with.</summary>
    public ClientConfig Config => client;

    /// <summary>The newest valid record of each key (a retired challenger's key removed), read to the topic's end.</summary>
    public Dictionary<string, ModelRecord> Read()
    {
        var records = new Dictionary<string, ModelRecord>(StringComparer.Ordinal);
        if (!Exists(topic))
        {
            return records;
        }

        StateLoader.Read(client, topic, [0], TimeSpan.FromSeconds(30), (key, value) =>
        {
            if (value.IsEmpty)
            {
                records.Remove(key);
                return;
            }

            try
            {
                records[key] = ModelRecord.Decode(key, value);
            }
            catch (InvalidDataException)
            {
                // The service refuses it too (and dead-letters it): the key keeps what it had.
            }
        });
        return records;
    }

    /// <summary>Publishes a record (null: retires the key) and waits for the broker to take it.</summary>
    /// <exception cref="InvalidDataException">The record is larger than the producer or the topic accepts: the sentence says how to raise it.</exception>
    public void Publish(string key, byte[]? value, int maxBytes)
    {
        ProducerConfig config = client.ToProducerConfig();
        (config.MessageMaxBytes, config.EnableIdempotence) = (maxBytes, true);
        using IProducer<string, byte[]?> producer = new ProducerBuilder<string, byte[]?>(config).SetLogHandler((_, _) => { }).Build();
        try
        {
            producer.ProduceAsync(topic, new Message<string, byte[]?> { Key = key, Value = value }).GetAwaiter().GetResult();
        }
        catch (ProduceException<string, byte[]?> ex) when (ex.Error.Code is ErrorCode.MsgSizeTooLarge)
        {
            int size = value?.Length ?? 0;
            throw new InvalidDataException(
                $"the model record is {size:N0} bytes, more than {topic} accepts ({ex.Error.Reason}): raise the topic's limit " +
                $"(kafka-configs.sh --bootstrap-server {client.BootstrapServers} --alter --entity-type topics --entity-name {topic} --add-config max.message.bytes={NextPowerOfTwo(size)}) " +
                $"and publish again with --max-bytes {NextPowerOfTwo(size)}");
        }
    }

    /// <summary>The latest bar's minute on the bars topic (the last record of each partition), or null when it holds none.</summary>
    public long? LatestBar(string barsTopic)
    {
        if (!Exists(barsTopic))
        {
            return null;
        }

        ConsumerConfig config = client.ToConsumerConfig();
        config.GroupId = $"stream-rollout-{Guid.NewGuid():N}";
        config.EnableAutoCommit = false;
        using IConsumer<string, byte[]> consumer = new ConsumerBuilder<string, byte[]>(config).SetLogHandler((_, _) => { }).Build();
        long? latest = null;
        foreach (int partition in Partitions(barsTopic))
        {
            var tp = new TopicPartition(barsTopic, partition);
            WatermarkOffsets marks = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10));
            if (marks.High <= marks.Low)
            {
                continue;
            }

            consumer.Assign(new TopicPartitionOffset(tp, marks.High - 1));
            if (consumer.Consume(TimeSpan.FromSeconds(10)) is { Message.Value: { } value })
            {
                try
                {
                    if (JsonSerializer.Deserialize(value, ContractsJson.Default.MinuteBar) is { } bar)
                    {
                        latest = Math.Max(latest ?? long.MinValue, bar.Timestamp);
                    }
                }
                catch (JsonException)
                {
                    // Not a bar (the service dead-letters it): the others say the time.
                }
            }
        }

        return latest;
    }

    /// <summary>The newest value of every key of a topic (the metrics topic: each series' running metrics), read to its end.</summary>
    public Dictionary<string, byte[]> Latest(string anyTopic)
    {
        var records = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (Exists(anyTopic))
        {
            StateLoader.Read(client, anyTopic, Partitions(anyTopic), TimeSpan.FromSeconds(60), (key, value) => records[key] = value.ToArray());
        }

        return records;
    }

    /// <summary>Every record of a topic (the scores topic), read to its end, in order within each partition.</summary>
    public List<(string Key, byte[] Value)> All(string anyTopic)
    {
        var records = new List<(string, byte[])>();
        if (Exists(anyTopic))
        {
            StateLoader.Read(client, anyTopic, Partitions(anyTopic), TimeSpan.FromSeconds(60), (key, value) => records.Add((key, value.ToArray())));
        }

        return records;
    }

    private bool Exists(string name) => Partitions(name).Count > 0;

    private List<int> Partitions(string name) => TopicPartitions.Of(client, name);

    private static int NextPowerOfTwo(int size) => (int)Math.Min(1L << 30, 1L << (int)Math.Ceiling(Math.Log2(Math.Max(size, 1) * 1.1)));
}
