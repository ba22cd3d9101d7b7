using System.Diagnostics;
using Confluent.Kafka;
using StreamForecast.Forecasting.Tests.Forecasts;
using StreamForecast.Messaging;
using StreamForecast.Predictor.Service;
using StreamForecast.ServiceDefaults.Health;

namespace StreamForecast.Integration.Tests.Predictor;

/// <summary>Readiness tells the truth about the broker: not ready while none answers, live all along, ready again after.</summary>
public sealed class ReadinessBrokerTests : IDisposable
{
    private readonly MockCluster _cluster = new(1);

    public ReadinessBrokerTests() => _cluster.CreateStreamTopics(2);

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public void BrokerGone_NotReadyWithTheReason_LiveStays_ReadyAgainWhenItIsBack()
    {
        var client = new ClientConfig { BootstrapServers = _cluster.BootstrapServers, StatisticsIntervalMs = 500, TopicMetadataRefreshIntervalMs = 1000 };
        var settings = new ServeSettings(client, new PredictorOptions { Group = "readiness", GaugeInterval = TimeSpan.Zero });
        var options = new HealthOptions { BrokerTimeout = TimeSpan.FromSeconds(2) };
        using PredictorHost host = PredictorHost.Start(settings, ServedModels.Single(TestForecasters.Recursive()), healthOptions: options);

        Assert.True(Until(() => host.Health.Readiness().Ready, TimeSpan.FromSeconds(30)), $"never ready: {host.Health.Readiness().Detail}");
        _cluster.SetBrokerDown(1);
        // The broker's silence is the first reason given once it passes the timeout (a member starved of CPU under a
        // loaded test run may have lost its partitions a moment before: that reason comes second).
        bool notReady = Until(() => host.Health.Readiness() is { Ready: false, Detail: { } reason } && reason.StartsWith("no Kafka broker", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        var (_, detail) = host.Health.Readiness();
        bool live = host.Health.Liveness().Live;
        _cluster.SetBrokerUp(1);

        Assert.True(notReady, "still ready with the broker down");
        Assert.StartsWith("no Kafka broker has answered", detail);
        Assert.True(live);
        Assert.True(host.Readiness.BrokerSilence >= 2);
        Assert.True(Until(() => host.Health.Readiness().Ready, TimeSpan.FromSeconds(30)), $"not ready again: {host.Health.Readiness().Detail}");
    }

    private static bool Until(Func<bool> condition, TimeSpan patience)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > patience)
            {
                return false;
            }

            Thread.Sleep(100);
        }

        return true;
    }
}
