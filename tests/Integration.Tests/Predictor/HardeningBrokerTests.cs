using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using StreamForecast.Contracts;
using StreamForecast.Messaging;
using StreamForecast.Predictor.Service;
using StreamForecast.Forecasting.Tests.Forecasts;

namespace StreamForecast.Integration.Tests.Predictor;

/// <summary>Records that used to crash, poison or black out the service, and the rebalances and stops that lost work.</summary>
public sealed class HardeningBrokerTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly MockCluster _cluster = new(3);
    private const int Horizon = 3;

    public HardeningBrokerTests()
    {
        _cluster.CreateStreamTopics(4);
    }

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public async Task Service_PoisonRecords_AreDeadLetteredWithTheirCode_AndEveryGoodBarIsStillForecast()
    {
        using var deadLetters = new TopicReader(_cluster.BootstrapServers, TopicNames.DeadLetters);
        using var predictions = new TopicReader(_cluster.BootstrapServers, TopicNames.Predictions);
        var settings = new ServeSettings(Client(), new PredictorOptions { Horizon = Horizon, Group = "poison", MaxSeries = 3, Series = "A,B,C,D" });
        using PredictorHost host = PredictorHost.Start(settings, ServedModels.Single(TestForecasters.Recursive()));
        string longName = new('n', 400_000);
        string dInfo = "";
        using (IProducer<string, byte[]> producer = Producer())
        {
            void Send(string? key, byte[] value) => producer.Produce(TopicNames.Bars, new Message<string, byte[]> { Key = key!, Value = value });
            Send(null, Bar("A", 60));
            Send(null, Bar("A", 60));
            Send("A", Encoding.UTF8.GetBytes(new string('x', 999_800)));
            Send(longName, Bar(longName, 60));
            Send("A", Bar("A", 4_070_908_800));
            Send("A", Bar("A", 120, close: 1e308));
            Send("A", Encoding.UTF8.GetBytes("""{"series":"A","timestamp":120,"open":1,"high":1,"low":1,"close":"NaN","volume":0,"schemaVersion":1}"""));
            Send("Z", Bar("Z", 60));
            foreach (string series in new[] { "A", "B", "C" })
            {
                Send(series, Bar(series, 60));
            }

            for (long minute = 2; minute <= 10; minute++)
            {
                foreach (string series in new[] { "A", "B", "C" })
                {
                    Send(series, Bar(series, minute * 60, close: 10 + minute));
                }
            }

            producer.Flush(TimeSpan.FromSeconds(30));

            // Partitions are consumed in no set order across each other: the fourth series comes once three are held.
            Assert.True(predictions.WaitFor(n => n >= 27, Patience), $"{predictions.Messages.Count} of 27 predictions");
            DeliveryResult<string, byte[]> d = await producer.ProduceAsync(TopicNames.Bars, new Message<string, byte[]> { Key = "D", Value = Bar("D", 60) });
            dInfo = $"D: {d.Status} {d.TopicPartitionOffset}";
        }

        Assert.True(deadLetters.WaitFor(n => n >= 9, Patience), $"{deadLetters.Messages.Count} of 9 dead letters: {string.Join(", ", deadLetters.Messages.Select(m => Encoding.UTF8.GetString(m.Headers.GetLastBytes(Schemas.ReasonCodeHeader))))}; consumed {host.Service.Counters.Consumed} {dInfo}");
        Assert.Null(host.Service.StopReason);
        string[] codes = [.. deadLetters.Messages.Select(m => Encoding.UTF8.GetString(m.Headers.GetLastBytes(Schemas.ReasonCodeHeader)))];
        string[] expected = [Rejection.NoKey, Rejection.NoKey, Rejection.TooLarge, Rejection.SeriesTooLong, Rejection.FutureTimestamp, Rejection.PriceOutOfRange, Rejection.NotFinite, Rejection.UnknownSeries, Rejection.SeriesLimit];
        Assert.Equal(expected.Order(StringComparer.Ordinal), codes.Order(StringComparer.Ordinal));
        Assert.All(deadLetters.Messages, m => Assert.Matches(@"^bars\.1m/\d+/\d+$", Encoding.UTF8.GetString(m.Headers.GetLastBytes(Schemas.SourceHeader))));
        Assert.All(deadLetters.Messages, m => Assert.True((m.Key?.Length ?? 0) + m.Value.Length <= BarValidator.MaxSeriesBytes + settings.Options.DeadLetterMaxBytes, $"{m.Value.Length} bytes"));
        Assert.Equal(27, predictions.Messages.Count);
        Assert.Equal(["A", "B", "C"], predictions.Messages.Select(m => m.Key).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Service_StoppedWhileDeliveriesHang_GivesUpAfterTheShutdownTimeout()
    {
        var settings = new ServeSettings(Client(), new PredictorOptions { Horizon = Horizon, Group = "stuck", ShutdownTimeout = TimeSpan.FromSeconds(2) });
        PredictorHost host = PredictorHost.Start(settings, ServedModels.Single(TestForecasters.Recursive()));
        try
        {
            // Nobody can find the predictions topic's leaders: deliveries wait until message.timeout.ms (5 minutes).
            _cluster.SetTopicError(TopicNames.Predictions, ErrorCode.LeaderNotAvailable);
            using (IProducer<string, byte[]> producer = Producer())
            {
                for (long minute = 1; minute <= 5; minute++)
                {
                    producer.Produce(TopicNames.Bars, new Message<string, byte[]> { Key = "A", Value = Bar("A", minute * 60, close: 10 + minute) });
                }

                producer.Flush(TimeSpan.FromSeconds(30));
            }

            var waited = Stopwatch.StartNew();
            while (host.Service.Counters.Consumed < 5 && waited.Elapsed < Patience)
            {
                await Task.Delay(50);
            }

            Assert.Equal(5, host.Service.Counters.Consumed);
            var stopping = Stopwatch.StartNew();
            Task stop = Task.Run(host.Stop);
            Assert.Same(stop, await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(15))));
            Assert.InRange(stopping.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(10));
            Assert.Equal(0, host.Service.Counters.Delivered);
        }
        finally
        {
            _cluster.SetTopicError(TopicNames.Predictions, ErrorCode.NoError);
            host.Dispose();
        }
    }

    [Fact]
    public async Task Rebalance_InsideABatch_LeavesTheMovedPartitionsBarsToTheNewOwner_AndNoSeriesIsHeldTwice()
    {
        string[] series = [.. Enumerable.Range(0, 16).Select(i => $"S{i:D2}")];
        var settings = new ServeSettings(Client(), new PredictorOptions { Horizon = Horizon, Group = "rebalance", Linger = TimeSpan.FromSeconds(3), MaxBatch = 65_536, GaugeInterval = TimeSpan.Zero });
        using var feeding = new CancellationTokenSource();
        long minutes = 0;
        Task feed = Task.Run(async () =>
        {
            using IProducer<string, byte[]> producer = Producer();
            while (!feeding.IsCancellationRequested)
            {
                long minute = Interlocked.Increment(ref minutes);
                foreach (string name in series)
                {
                    producer.Produce(TopicNames.Bars, new Message<string, byte[]> { Key = name, Value = Bar(name, minute * 60, close: 10 + (minute % 7)) });
                }

                await Task.Delay(20);
            }

            producer.Flush(TimeSpan.FromSeconds(30));
        });
        using PredictorHost first = PredictorHost.Start(settings, ServedModels.Single(TestForecasters.Recursive()));
        await Task.Delay(4000);
        using (PredictorHost second = PredictorHost.Start(settings, ServedModels.Single(TestForecasters.Recursive())))
        {
            var waited = Stopwatch.StartNew();
            while (second.Service.Counters.Bars == 0 && waited.Elapsed < Patience)
            {
                await Task.Delay(100);
            }

            await feeding.CancelAsync();
            await feed;
            long sent = Interlocked.Read(ref minutes) * series.Length;
            while (first.Service.Counters.Consumed + second.Service.Counters.Consumed < sent && waited.Elapsed < Patience)
            {
                await Task.Delay(100);
            }

            // Let each loop publish its last batch and refresh its gauges.
            await Task.Delay(4000);
            Assert.True(second.Service.Counters.Bars > 0, "the second member never took a partition");
            int held = first.Telemetry.Gauges.ActiveSeries + second.Telemetry.Gauges.ActiveSeries;
            Assert.True(held == series.Length, $"{first.Telemetry.Gauges.ActiveSeries} + {second.Telemetry.Gauges.ActiveSeries} series held by two members, of {series.Length}");
        }

        // Every partition comes back to the first member, which goes on without a crash.
        using (IProducer<string, byte[]> producer = Producer())
        {
            long minute = Interlocked.Read(ref minutes) + 1;
            foreach (string name in series)
            {
                producer.Produce(TopicNames.Bars, new Message<string, byte[]> { Key = name, Value = Bar(name, minute * 60) });
            }

            producer.Flush(TimeSpan.FromSeconds(30));
        }

        var back = Stopwatch.StartNew();
        while (first.Telemetry.Gauges.ActiveSeries < series.Length && back.Elapsed < Patience)
        {
            await Task.Delay(100);
        }

        Assert.Null(first.Service.StopReason);
        Assert.Equal(series.Length, first.Telemetry.Gauges.ActiveSeries);
    }

    private ClientConfig Client() => new() { BootstrapServers = _cluster.BootstrapServers };

    private IProducer<string, byte[]> Producer()
    {
        ProducerConfig config = Client().ToProducerConfig();
        config.MessageMaxBytes = 2_000_000;
        return new ProducerBuilder<string, byte[]>(config).Build();
    }

    private static byte[] Bar(string series, long timestamp, double close = 10) =>
        JsonSerializer.SerializeToUtf8Bytes(new MinuteBar(series, timestamp, close, close, close, close, 1), ContractsJson.Default.MinuteBar);
}
