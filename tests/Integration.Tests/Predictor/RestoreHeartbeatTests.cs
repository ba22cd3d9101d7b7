using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using StreamForecast.Contracts;
using StreamForecast.Messaging;
using StreamForecast.Predictor.Service;
using StreamForecast.Predictor.Service.State;
using StreamForecast.Predictor.Service.Telemetry;
using StreamForecast.Forecasting.Tests.Forecasts;
using StreamForecast.ServiceDefaults.Health;

namespace StreamForecast.Integration.Tests.Predictor;

/// <summary>A restore of many series beats the liveness heart as it goes: a probe never sees it as a stall.</summary>
public sealed class RestoreHeartbeatTests : IDisposable
{
    private readonly MockCluster _cluster = new(1);

    public RestoreHeartbeatTests() => _cluster.CreateStreamTopics(2);

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public void Restoring200000Series_WithA150msStallLimit_StaysLiveThroughout()
    {
        var client = new ClientConfig { BootstrapServers = _cluster.BootstrapServers };
        using (IProducer<string, byte[]> producer = new ProducerBuilder<string, byte[]>(client.ToProducerConfig()).Build())
        {
            byte[] corrupt = new byte[8];
            for (int i = 0; i < 200_000; i++)
            {
                producer.Produce(new TopicPartition(TopicNames.State, i % 2), new Message<string, byte[]> { Key = $"S{i}", Value = corrupt });
            }

            producer.Flush(TimeSpan.FromSeconds(30));
        }

        var options = new PredictorOptions { Horizon = 3 };
        var settings = new ServeSettings(client, options);
        using var telemetry = new PredictorTelemetry(TimeProvider.System);
        using var router = new ModelRouter(ServedModels.Single(TestForecasters.Recursive()), settings.Forecast, options);
        using IProducer<string, byte[]> outputs = new ProducerBuilder<string, byte[]>(client.ToProducerConfig()).Build();
        var checkpointer = new Checkpointer(outputs, router.Stores, TopicNames.State, TopicNames.DeadLetters, TimeSpan.FromHours(1), 32, false, TimeProvider.System, NullLogger.Instance, telemetry, _ => { });
        var health = new ServiceHealth(TimeProvider.System, TimeSpan.FromMilliseconds(150));
        var ownership = new PartitionOwnership(settings, router, checkpointer, new MicroBatch(), outputs, health, new ReadinessSignals(TimeProvider.System, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)), telemetry, NullLogger.Instance);
        var gaps = new List<string>();
        using var done = new CancellationTokenSource();
        var probe = new Thread(() =>
        {
            while (!done.IsCancellationRequested)
            {
                if (health.Liveness() is (false, string detail))
                {
                    gaps.Add(detail);
                }

                Thread.Sleep(10);
            }
        });

        health.Beat();
        probe.Start();
        var restoring = Stopwatch.StartNew();
        ownership.Assigned([new TopicPartition(TopicNames.Bars, 0), new TopicPartition(TopicNames.Bars, 1)]);
        restoring.Stop();
        done.Cancel();
        probe.Join();

        Assert.True(restoring.Elapsed > TimeSpan.FromMilliseconds(300), $"the restore took only {restoring.ElapsedMilliseconds} ms: too short to test");
        Assert.True(gaps.Count == 0, $"not live during a {restoring.ElapsedMilliseconds} ms restore: {string.Join("; ", gaps.Distinct())}");
    }
}
