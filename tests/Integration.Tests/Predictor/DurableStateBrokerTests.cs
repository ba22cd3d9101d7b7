using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using Confluent.Kafka;
using StreamForecast.Contracts;
using StreamForecast.Ingest.Replay;
using StreamForecast.Ingest.Telemetry;
using StreamForecast.MarketData;
using StreamForecast.Messaging;
using StreamForecast.Predictor.Tools.Backtest;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Predictor.Service;
using StreamForecast.Predictor.Service.Telemetry;
using StreamForecast.Forecasting.Tests;
using StreamForecast.Forecasting.Tests.Forecasts;
using StreamForecast.Predictor.Tools.Watch;

namespace StreamForecast.Integration.Tests.Predictor;

/// <summary>The service's durable state on the mock broker, in process: restarts under exactly-once, and state records it must refuse.</summary>
public sealed class DurableStateBrokerTests : IDisposable
{
    private const string BtcFile = "btcusd-gdax-1m-2017-06-19_25.csv.gz";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly MockCluster _cluster = new(3);

    public DurableStateBrokerTests() => _cluster.CreateStreamTopics(4);

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public async Task ExactlyOnce_StopAndRestartMidDay_CommitsTransactions_AndTheOutputsAreOneUninterruptedRuns()
    {
        ForecastModel model = ForecastModel.Load(Path.Combine(Fixtures.RepositoryRoot(), "models", "btcusd-lstm-2x100.safetensors"));
        var settings = new ServeSettings(Client(), new PredictorOptions { Group = "exactly-once", Guarantee = "exactly-once", CheckpointInterval = TimeSpan.FromMilliseconds(200) });
        using var predictions = new TopicReader(_cluster.BootstrapServers, TopicNames.Predictions);
        using var scores = new TopicReader(_cluster.BootstrapServers, TopicNames.Scores);
        long transactions = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PredictorTelemetry.Name && instrument.Name == "stream.predictor.transactions")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref transactions, value));
        listener.Start();

        DateRange morning = DateRange.Parse("2017-06-21T00:00", "2017-06-21T12:00"), afternoon = DateRange.Parse("2017-06-21T12:00", "2017-06-22T00:00");
        using (PredictorHost first = PredictorHost.Start(settings, ServedModels.Single(model)))
        {
            await Replay(morning);
            await Until(() => first.Service.Counters.Bars >= Bars(morning));
        }

        await Replay(afternoon);
        using (PredictorHost second = PredictorHost.Start(settings, ServedModels.Single(model)))
        {
            await Until(() => second.Service.Counters.Bars + second.Service.Counters.AlreadyApplied >= Bars(afternoon));
            await Task.Delay(1000);
            Assert.True(second.Service.Counters.Bars >= Bars(afternoon), second.Service.Counters.ToString());
        }

        var expected = ExpectedRecords.For(ServedModels.Single(model), settings, [("BTC-USD", new BarReader(Fixtures.Data(BtcFile), range: DateRange.Parse("2017-06-21", "2017-06-21")).Read())])
            .Where(pair => pair.Key.Topic != TopicNames.Metrics).ToDictionary(pair => pair.Key, pair => Convert.ToHexStringLower(SHA256.HashData(pair.Value)));
        RecordComparison comparison = RecordComparison.Of(expected, [.. Records(predictions, TopicNames.Predictions), .. Records(scores, TopicNames.Scores)]);
        Assert.True(comparison.Identical, comparison.ToString());
        Assert.True(Interlocked.Read(ref transactions) >= 2, $"{transactions} transactions (each member commits at least its last checkpoint)");
    }

    [Fact]
    public async Task StateOfAnotherModelOrCorrupt_IsRefused_TheSeriesStartsFresh_AndTheServiceGoesOn()
    {
        using (IProducer<string, byte[]> producer = new ProducerBuilder<string, byte[]>(Client().ToProducerConfig()).Build())
        {
            for (int partition = 0; partition < 4; partition++)
            {
                producer.Produce(new TopicPartition(TopicNames.State, partition), new Message<string, byte[]> { Key = "BTC-USD", Value = [1, 2, 3, 4, 5, 6, 7] });
            }

            producer.Flush(TimeSpan.FromSeconds(10));
        }

        var settings = new ServeSettings(Client(), new PredictorOptions { Group = "refuse" });
        long fresh = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PredictorTelemetry.Name && instrument.Name == "stream.predictor.series.started_fresh")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref fresh, value));
        listener.Start();
        DateRange hour = DateRange.Parse("2017-06-21T00:00", "2017-06-21T01:00");
        using PredictorHost host = PredictorHost.Start(settings, ServedModels.Single(TestForecasters.Recursive()));
        await Replay(hour);
        await Until(() => host.Service.Counters.Delivered >= Bars(hour) - 1);

        Assert.Null(host.Service.StopReason);
        Assert.Equal(1, Interlocked.Read(ref fresh));
    }

    private ClientConfig Client() => new() { BootstrapServers = _cluster.BootstrapServers };

    private static int Bars(DateRange range) => new BarReader(Fixtures.Data(BtcFile), range: range).ReadAll().Count;

    private static IEnumerable<(string, string, long, string)> Records(TopicReader reader, string topic) =>
        reader.Messages.Select(m => (topic, m.Key, RecordLog.AsOf(topic, m.Value), Convert.ToHexStringLower(SHA256.HashData(m.Value))));

    private Task<ReplaySummary> Replay(DateRange range) =>
        new Replayer(TimeProvider.System, new IngestTelemetry()).RunAsync(
            new ReplaySettings([new ReplayInput(Fixtures.Data(BtcFile), "BTC-USD")], range, ReplaySpeed.Max, Client(), TopicNames.Bars, TopicNames.DeadLetters, BadRowPolicy.Stop, DeadLetters: false),
            new NoProgress(), CancellationToken.None);

    private static async Task Until(Func<bool> done)
    {
        var waited = Stopwatch.StartNew();
        while (!done() && waited.Elapsed < Patience)
        {
            await Task.Delay(50);
        }

        Assert.True(done(), "timed out");
    }
}
