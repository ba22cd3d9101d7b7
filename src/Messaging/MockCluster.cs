using System.Runtime.InteropServices;
using StreamForecast.Contracts;

namespace StreamForecast.Messaging;

/// <summary>
/// librdkafka's built-in mock Kafka cluster: real wire protocol on loopback TCP, data in memory, for the
/// one-machine default and the tests. Its known limits: retention is fixed at 5 MiB per partition, the
/// admin API cannot create topics (this class uses the mock API), a restarted group member rejoins only
/// after <c>session.timeout.ms</c>; brokers can be taken down and up, and requests made to fail, for fault tests.
/// </summary>
internal sealed class MockCluster : IDisposable
{
    /// <summary>
    /// The mock broker answers a fetch that finds no data only after the consumer's <c>fetch.wait.max.ms</c>
    /// (500 ms by default), even when records arrive meanwhile; a real broker answers as soon as they do.
    /// A consumer of the mock that should see records promptly asks it to wait at most this.
    /// </summary>
    public const string PromptFetchWaitMs = "5";

    private readonly IntPtr _handle;
    private readonly IntPtr _cluster;
    private bool _disposed;

    public MockCluster(int brokers = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        KafkaNative.EnsureLoaded();
        IntPtr conf = NativeMethods.rd_kafka_conf_new();

        // The host handle never connects anywhere; silence its "no bootstrap.servers" notice.
        NativeMethods.rd_kafka_conf_set(conf, "log_level", "0", IntPtr.Zero, 0);
        _handle = NativeMethods.rd_kafka_new(NativeMethods.ProducerType, conf, IntPtr.Zero, 0);
        if (_handle == IntPtr.Zero)
        {
            throw new InvalidOperationException("librdkafka could not create the mock cluster's host handle.");
        }

        _cluster = NativeMethods.rd_kafka_mock_cluster_new(_handle, brokers);
        if (_cluster == IntPtr.Zero)
        {
            NativeMethods.rd_kafka_destroy(_handle);
            throw new InvalidOperationException("librdkafka could not start a mock cluster.");
        }

        Brokers = brokers;
        BootstrapServers = Marshal.PtrToStringUTF8(NativeMethods.rd_kafka_mock_cluster_bootstraps(_cluster))
            ?? throw new InvalidOperationException("the mock cluster reported no bootstrap address.");
    }

    /// <summary>"127.0.0.1:port,…", one address per broker.</summary>
    public string BootstrapServers { get; }

    /// <summary>Broker ids are 1..Brokers.</summary>
    public int Brokers { get; }

    /// <summary>Stream's topics, each with <paramref name="partitions"/> partitions: bars, outputs (predictions, scores, metrics), dead letters and the predictor's state.</summary>
    public void CreateStreamTopics(int partitions)
    {
        foreach (string topic in new[] { TopicNames.Bars, TopicNames.Predictions, TopicNames.Scores, TopicNames.Metrics, TopicNames.DeadLetters, TopicNames.State, TopicNames.ChallengerPredictions, TopicNames.ModelsDeadLetters })
        {
            CreateTopic(topic, partitions);
        }

        CreateTopic(TopicNames.BarsReplays, 1);
        CreateTopic(TopicNames.Models, 1);
    }

    public void CreateTopic(string topic, int partitions, int replicationFactor = 1) =>
        Check(NativeMethods.rd_kafka_mock_topic_create(_cluster, topic, partitions, Math.Min(replicationFactor, Brokers)), $"create topic {topic}");

    /// <summary>Takes a broker down (connections closed and refused) until <see cref="SetBrokerUp"/>.</summary>
    public void SetBrokerDown(int brokerId) => Check(NativeMethods.rd_kafka_mock_broker_set_down(_cluster, brokerId), $"take broker {brokerId} down");

    public void SetBrokerUp(int brokerId) => Check(NativeMethods.rd_kafka_mock_broker_set_up(_cluster, brokerId), $"bring broker {brokerId} up");

    /// <summary>The next <paramref name="errors"/>.Length requests of this API (0 = Produce) fail with these errors, one each.</summary>
    public void FailRequests(short apiKey, params Confluent.Kafka.ErrorCode[] errors)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        NativeMethods.rd_kafka_mock_push_request_errors_array(_cluster, apiKey, (nuint)errors.Length, [.. errors.Select(e => (int)e)]);
    }

    /// <summary>Metadata requests for <paramref name="topic"/> answer with <paramref name="error"/> (NoError clears it): its leaders cannot be found.</summary>
    public void SetTopicError(string topic, Confluent.Kafka.ErrorCode error)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        NativeMethods.rd_kafka_mock_topic_set_error(_cluster, topic, (int)error);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        NativeMethods.rd_kafka_mock_cluster_destroy(_cluster);
        NativeMethods.rd_kafka_destroy(_handle);
    }

    private void Check(int error, string what)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (error != 0)
        {
            throw new InvalidOperationException($"mock cluster: {what} failed with librdkafka error {error}.");
        }
    }
}
