using StreamForecast.Predictor.Service;

namespace StreamForecast.Predictor.Tests.Service;

public sealed class ReadinessSignalsTests
{
    private const string BrokerUp = """{"name":"c","brokers":{"127.0.0.1:9092/bootstrap":{"nodeid":-1,"state":"UP"},"127.0.0.1:9092/1":{"nodeid":1,"state":"UP"}}}""";
    private const string BrokersDown = """{"name":"c","brokers":{"127.0.0.1:9092/bootstrap":{"nodeid":-1,"state":"UP"},"127.0.0.1:9092/1":{"nodeid":1,"state":"CONNECT"}}}""";

    [Fact]
    public void NotReady_WhenNoBrokerAnsweredForTheTimeout_ReadyAgainOnceOneIsUp()
    {
        var time = new ManualTime();
        var readiness = new ReadinessSignals(time, TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(1));

        time.Advance(TimeSpan.FromSeconds(10));
        readiness.Statistics(BrokersDown);
        Assert.Null(readiness.Problem());
        time.Advance(TimeSpan.FromSeconds(6));
        readiness.Statistics(BrokersDown);

        Assert.StartsWith("no Kafka broker has answered for 16 s", readiness.Problem());
        Assert.Equal(16, readiness.BrokerSilence);
        readiness.Statistics(BrokerUp);
        Assert.Null(readiness.Problem());
    }

    [Fact]
    public void NotReady_WhilePartitionsAreLost_UntilAnAssignment()
    {
        var readiness = new ReadinessSignals(new ManualTime(), TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(1));

        readiness.Lost();
        Assert.Contains("lost its partitions", readiness.Problem());
        Assert.Equal(1, readiness.PartitionsLost);
        readiness.Assigned();
        Assert.Null(readiness.Problem());
    }

    [Fact]
    public void NotReady_WhenTheOldestUndeliveredOutputIsOlderThanTheBound()
    {
        var time = new ManualTime();
        var readiness = new ReadinessSignals(time, TimeSpan.FromHours(1), TimeSpan.FromMinutes(1));
        long sent = time.GetTimestamp();

        time.Advance(TimeSpan.FromSeconds(59));
        readiness.Undelivered(sent);
        Assert.Null(readiness.Problem());
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.StartsWith("the oldest undelivered output has waited 61 s", readiness.Problem());
        readiness.Undelivered(null);
        Assert.Null(readiness.Problem());
        Assert.Equal(0, readiness.UndeliveredAge);
    }
}
