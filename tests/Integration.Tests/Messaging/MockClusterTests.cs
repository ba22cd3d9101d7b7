using Confluent.Kafka;
using StreamForecast.Messaging;

namespace StreamForecast.Integration.Tests.Messaging;

/// <summary>librdkafka's mock cluster, as the other broker tests use it.</summary>
public sealed class MockClusterTests
{
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
}
