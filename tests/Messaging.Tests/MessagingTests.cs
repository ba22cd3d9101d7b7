using Confluent.Kafka;

namespace StreamForecast.Messaging.Tests;

public sealed class MessagingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("stream-messaging-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void KafkaNative_LoadsDebiansLibrdkafkaOfAtLeastTwo()
    {
        KafkaNative.EnsureLoaded();

        Assert.Matches(@"^\d+\.\d+\.\d+", KafkaNative.Version);
        Assert.True(Confluent.Kafka.Library.Version >= 0x02000000, KafkaNative.Version);
    }

    [Fact]
    public void MockCluster_ThreeBrokers_ServesMetadataAndSurvivesABrokerGoingDownAndUp()
    {
        using var cluster = new MockCluster(3);
        cluster.CreateTopic("t", 6);

        using IAdminClient admin = new AdminClientBuilder(new ClientConfig { BootstrapServers = cluster.BootstrapServers }.ToAdminConfig()).Build();
        Metadata metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
        cluster.SetBrokerDown(2);
        cluster.SetBrokerUp(2);

        Assert.Equal(3, cluster.BootstrapServers.Split(',').Length);
        Assert.All(cluster.BootstrapServers.Split(','), address => Assert.StartsWith("127.0.0.1:", address, StringComparison.Ordinal));
        Assert.Equal(3, metadata.Brokers.Count);
        Assert.Equal(6, metadata.Topics.Single(t => t.Topic == "t").Partitions.Count);
        Assert.Throws<InvalidOperationException>(() => cluster.SetBrokerDown(99));
    }

    [Fact]
    public void BrokerAddress_FlagThenFileThenLocalhost()
    {
        string file = Path.Combine(_directory, "bootstrap");

        Assert.Equal(BrokerAddress.Fallback, BrokerAddress.Resolve(null, file));
        File.WriteAllText(file, "127.0.0.1:1234\n");
        Assert.Equal("127.0.0.1:1234", BrokerAddress.Resolve(null, file));
        Assert.Equal("kafka:9092", BrokerAddress.Resolve(" kafka:9092 ", file));
    }

    [Fact]
    public void ClientConfigCopies_DoNotLeakSettingsIntoEachOther()
    {
        var client = new ClientConfig { BootstrapServers = "b:1" };

        ConsumerConfig consumer = client.ToConsumerConfig();
        consumer.EnablePartitionEof = true;
        ProducerConfig producer = client.ToProducerConfig();

        Assert.Equal("b:1", producer.BootstrapServers);
        Assert.DoesNotContain(producer, pair => pair.Key == "enable.partition.eof");
        Assert.DoesNotContain(client, pair => pair.Key == "enable.partition.eof");
    }
}
