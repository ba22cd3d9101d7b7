using System.Collections.Concurrent;
using Confluent.Kafka;
using StreamForecast.Messaging;

namespace StreamForecast.Integration.Tests;

/// <summary>
/// Reads a topic from the beginning on its own thread while the pipeline runs: the mock broker keeps only
/// 5 MiB per partition, so reading afterwards would miss what it already dropped.
/// </summary>
internal sealed class TopicReader : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;

    private readonly ManualResetEventSlim _started = new();

    /// <param name="bootstrap">The brokers.</param>
    /// <param name="topic">The topic.</param>
    /// <param name="partitions">Its partitions: assigned directly, since a group join takes seconds the reader cannot lose.</param>
    public TopicReader(string bootstrap, string topic, int partitions = 4)
    {
        Topic = topic;
        // The mock does not move a downed broker's partitions: the reader sees the broker back at its next metadata refresh.
        ConsumerConfig config = new ClientConfig { BootstrapServers = bootstrap, TopicMetadataRefreshIntervalMs = 1000 }.ToConsumerConfig();
        config.GroupId = $"reader-{Guid.NewGuid():N}";
        config.AutoOffsetReset = AutoOffsetReset.Earliest;
        config.EnableAutoCommit = false;
        _thread = new Thread(() =>
        {
            using IConsumer<string, byte[]> consumer = new ConsumerBuilder<string, byte[]>(config).Build();
            consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
            while (!_stop.IsCancellationRequested)
            {
                ConsumeResult<string, byte[]>? record = consumer.Consume(TimeSpan.FromMilliseconds(100));
                _started.Set();
                if (record is { IsPartitionEOF: false })
                {
                    Messages.Enqueue(record.Message);
                }
            }

            consumer.Close();
        });
        _thread.Start();
        _started.Wait(TimeSpan.FromSeconds(10));
    }

    public string Topic { get; }

    public ConcurrentQueue<Message<string, byte[]>> Messages { get; } = new();

    /// <summary>Waits until <paramref name="done"/> holds or the timeout passes.</summary>
    public bool WaitFor(Func<int, bool> done, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (!done(Messages.Count) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }

        return done(Messages.Count);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
        _started.Dispose();
    }
}
