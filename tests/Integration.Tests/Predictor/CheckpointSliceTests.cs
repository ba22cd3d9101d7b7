using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using StreamForecast.Contracts;
using StreamForecast.Engine.Inference;
using StreamForecast.MarketData;
using StreamForecast.Messaging;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Predictor.Service.Models;
using StreamForecast.Predictor.Service.State;
using StreamForecast.Predictor.Service.Telemetry;
using StreamForecast.Forecasting.Tests.Forecasts;

namespace StreamForecast.Integration.Tests.Predictor;

/// <summary>A checkpoint of many series is written a slice at a time between batches, on the mock broker.</summary>
public sealed class CheckpointSliceTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly MockCluster _cluster = new(1);

    public CheckpointSliceTests() => _cluster.CreateStreamTopics(1);

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public void FiveSeriesInSlicesOfTwo_AreWrittenTwoAtATime_AndTheOffsetsAreCommittedOnlyAfterTheLastSlice()
    {
        ForecastModel model = TestForecasters.Recursive();
        ForecastSettings settings = TestForecasters.Settings(3);
        ulong fingerprint = ModelFingerprint.Of(model, settings);
        var client = new ClientConfig { BootstrapServers = _cluster.BootstrapServers };
        using IProducer<string, byte[]> producer = new ProducerBuilder<string, byte[]>(client.ToProducerConfig()).Build();
        ConsumerConfig consumerConfig = client.ToConsumerConfig();
        consumerConfig.GroupId = "slices";
        consumerConfig.EnableAutoCommit = false;
        using IConsumer<string, byte[]> consumer = new ConsumerBuilder<string, byte[]>(consumerConfig).Build();
        var bars = new TopicPartition(TopicNames.Bars, 0);
        consumer.Assign(bars);
        using var states = new TopicReader(_cluster.BootstrapServers, TopicNames.State, partitions: 1);
        using var telemetry = new PredictorTelemetry(TimeProvider.System);
        using var backend = new CpuLstmBackend(model.Checkpoint.Parameters);
        using var processor = new ForecastProcessor(model, backend, settings);
        var checkpointer = new Checkpointer(
            producer, [new ServedStore(processor.Store, fingerprint, Shadow: false)], TopicNames.State, TopicNames.DeadLetters, TimeSpan.FromHours(1), 2, transactional: false, TimeProvider.System,
            NullLogger.Instance, telemetry, _ => { });
        Bar[] walk = [.. TestForecasters.Btc(5)];
        for (int s = 0; s < 5; s++)
        {
            processor.Process([new SeriesBar($"S{s}", walk[s])], new ForecastCollector());
            processor.Store.TryGet($"S{s}", out int slot);
            processor.Store.Layout.InputOffset.At(processor.Store.Row(slot)) = s;
            processor.Store.MarkDirty(slot);
            checkpointer.Handled(new TopicPartitionOffset(bars, s));
        }

        long Committed() => consumer.Committed([bars], Wait)[0].Offset.Value;
        void Settle()
        {
            // The slice's (empty) epoch is delivered, then its states are produced, then they are delivered.
            for (int i = 0; i < 3; i++)
            {
                producer.Flush(Wait);
                checkpointer.Advance(consumer);
            }
        }

        checkpointer.Cut(consumer);
        Settle();
        Assert.Empty(states.Messages);
        foreach (int written in (int[])[2, 4, 5])
        {
            Assert.Equal(Offset.Unset.Value, Committed());
            Assert.Equal(1, checkpointer.InFlight);
            checkpointer.EncodeSome(consumer);
            Settle();
            Assert.True(states.WaitFor(n => n >= written, Wait));
            Assert.Equal(written, states.Messages.Count);
        }

        Assert.Equal(5, Committed());
        Assert.Equal(0, checkpointer.InFlight);
        Assert.Equal(["S0", "S1", "S2", "S3", "S4"], states.Messages.Select(m => m.Key).Order());
    }
}
