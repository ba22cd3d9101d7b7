using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using StreamForecast.Contracts;
using StreamForecast.Engine.Inference;
using StreamForecast.Ingest.Replay;
using StreamForecast.Ingest.Telemetry;
using StreamForecast.MarketData;
using StreamForecast.Messaging;
using StreamForecast.Predictor.Tools.Backtest;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Predictor.Service;
using StreamForecast.Forecasting.Tests;
using StreamForecast.Forecasting.Tests.Forecasts;

namespace StreamForecast.Integration.Tests.Predictor;

/// <summary>The whole pipeline on librdkafka's mock cluster, in process: replay, service, readers, kcat.</summary>
public sealed class PipelineBrokerTests : IDisposable
{
    private const string BtcFile = "btcusd-gdax-1m-2017-06-19_25.csv.gz";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly MockCluster _cluster = new(3);
    private readonly ForecastSettings _forecast = new PredictorOptions().Forecast();

    public PipelineBrokerTests()
    {
        _cluster.CreateStreamTopics(4);
    }

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public async Task Pipeline_BtcWeekThroughTheBroker_PublishesExactlyTheBacktestsPredictions()
    {
        ForecastModel model = ForecastModel.Load(Path.Combine(Fixtures.RepositoryRoot(), "models", "btcusd-lstm-2x100.safetensors"));
        List<Forecast> backtest;
        using (var backend = new CpuLstmBackend(model.Checkpoint.Parameters))
        {
            backtest = [.. Backtester.Run(model, backend, new BarReader(Fixtures.Data(BtcFile)), "BTC-USD", "start", "end", _forecast).Forecasts];
        }

        using var predictions = new TopicReader(_cluster.BootstrapServers, TopicNames.Predictions);
        using (var service = Start(model))
        {
            // Paced (the week in about 6 s): the mock keeps 5 MiB a partition, and the week's 9,691 predictions
            // of one series, all on one partition, are more; read as they are written, none is dropped first.
            await Replay(new ReplayInput(Fixtures.Data(BtcFile), "BTC-USD"), speed: ReplaySpeed.Parse("100000x"));
            Assert.True(predictions.WaitFor(n => n >= backtest.Count, Patience), $"{predictions.Messages.Count} of {backtest.Count} predictions");
        }

        var live = predictions.Messages.Select(m => JsonSerializer.Deserialize(m.Value, ContractsJson.Default.Prediction)!).ToDictionary(p => p.AsOf);
        Assert.Equal(backtest.Count, live.Count);
        foreach (Forecast expected in backtest)
        {
            Prediction actual = live[expected.AsOf];
            for (int h = 1; h <= expected.Horizon; h++)
            {
                Assert.Equal(expected.ClosePrediction(ModelNames.LstmIndex, h), actual.Lstm[h - 1]);
            }

            for (int model1 = 1; model1 < ModelNames.All.Length; model1++)
            {
                BaselineForecast baseline = actual.Baselines[model1 - 1];
                Assert.Equal(ModelNames.All[model1], baseline.Model);
                for (int h = 1; h <= expected.Horizon; h++)
                {
                    // The published line gives back every close bit for bit.
                    Assert.Equal(expected.ClosePrediction(model1, h), baseline.Close(h));
                }
            }
        }
    }

    [Fact]
    public void Service_MalformedInput_GoesToDeadLettersAndTheServiceGoesOn_AndKcatReadsEveryTopic()
    {
        using var deadLetters = new TopicReader(_cluster.BootstrapServers, TopicNames.DeadLetters);
        using var predictions = new TopicReader(_cluster.BootstrapServers, TopicNames.Predictions);
        using (Start(TestForecasters.Recursive()))
        using (IProducer<string, byte[]> producer = new ProducerBuilder<string, byte[]>(Client().ToProducerConfig()).Build())
        {
            void Send(string key, string json) => producer.Produce(TopicNames.Bars, new Message<string, byte[]> { Key = key, Value = Encoding.UTF8.GetBytes(json) });
            string Bar(long t, double close, int version = 1) =>
                $"{{\"series\":\"X\",\"timestamp\":{t},\"open\":{close},\"high\":{close + 1},\"low\":{close - 1},\"close\":{close},\"volume\":1,\"schemaVersion\":{version}}}";

            Send("X", "not json");
            Send("X", Bar(0, 10, version: 2));
            Send("X", "{\"series\":\"X\",\"timestamp\":0,\"open\":10,\"high\":9,\"low\":8,\"close\":10,\"volume\":1,\"schemaVersion\":1}");
            Send("X", Bar(60, 10));
            Send("X", Bar(0, 11));
            Send("X", Bar(120, 12));
            Send("X", Bar(180, 13));
            producer.Flush(TimeSpan.FromSeconds(10));
            Assert.True(deadLetters.WaitFor(n => n >= 4, Patience), $"{deadLetters.Messages.Count} dead letters");
            Assert.True(predictions.WaitFor(n => n >= 2, Patience), $"{predictions.Messages.Count} predictions");
        }

        string[] reasons = [.. deadLetters.Messages.Select(m => Encoding.UTF8.GetString(m.Headers.GetLastBytes(Schemas.ReasonHeader)))];
        Assert.Equal(4, reasons.Length);
        Assert.StartsWith("bad JSON", reasons[0], StringComparison.Ordinal);
        Assert.StartsWith("unknown schemaVersion 2", reasons[1], StringComparison.Ordinal);
        Assert.StartsWith("impossible prices", reasons[2], StringComparison.Ordinal);
        Assert.StartsWith("out-of-order minute", reasons[3], StringComparison.Ordinal);
        Assert.Equal([120L, 180L], predictions.Messages.Select(m => JsonSerializer.Deserialize(m.Value, ContractsJson.Default.Prediction)!.AsOf).Order());

        Assert.Equal(2, Kcat(TopicNames.Predictions).Length);
        Assert.Equal(4, Kcat(TopicNames.DeadLetters).Length);
        Assert.Single(Kcat(TopicNames.Scores));
        Assert.All(Kcat(TopicNames.Predictions), line => Assert.StartsWith("X {\"series\":\"X\"", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pipeline_BrokerDownAndUpMidStream_LosesNothing()
    {
        using var predictions = new TopicReader(_cluster.BootstrapServers, TopicNames.Predictions);
        var range = DateRange.Parse("2017-06-20", "2017-06-20");
        int bars = new BarReader(Fixtures.Data(BtcFile), range: range).ReadAll().Count;
        using (Start(TestForecasters.Recursive()))
        {
            Task<ReplaySummary> replay = Replay(new ReplayInput(Fixtures.Data(BtcFile), "BTC-USD"), range, ReplaySpeed.Parse("3000x"));
            await Task.Delay(300);
            _cluster.SetBrokerDown(1);
            await Task.Delay(3000);
            _cluster.SetBrokerUp(1);
            ReplaySummary summary = await replay;

            Assert.Equal(0, summary.Failed);
            Assert.Equal(bars, summary.Sent);
            Assert.True(predictions.WaitFor(n => n >= bars - 1, Patience), $"{predictions.Messages.Count} of {bars - 1} predictions");
        }
    }

    [Fact]
    public async Task Service_Restarted_ResumesFromCommittedOffsetsWithoutLosingABar()
    {
        var day1 = DateRange.Parse("2017-06-19", "2017-06-19");
        var day2 = DateRange.Parse("2017-06-20", "2017-06-20");
        int bars1 = new BarReader(Fixtures.Data(BtcFile), range: day1).ReadAll().Count;
        int bars2 = new BarReader(Fixtures.Data(BtcFile), range: day2).ReadAll().Count;
        using var predictions = new TopicReader(_cluster.BootstrapServers, TopicNames.Predictions);

        long firstConsumed;
        using (PredictorHost first = Start(TestForecasters.Recursive()))
        {
            await Replay(new ReplayInput(Fixtures.Data(BtcFile), "BTC-USD"), day1);
            Assert.True(predictions.WaitFor(n => n >= bars1 - 1, Patience));
            firstConsumed = first.Service.Counters.Consumed;
        }

        await Replay(new ReplayInput(Fixtures.Data(BtcFile), "BTC-USD"), day2);
        using (PredictorHost second = Start(TestForecasters.Recursive()))
        {
            // The restarted member starts without the series' state, so its first bar is a warm-up.
            Assert.True(predictions.WaitFor(n => n >= bars1 - 1 + bars2 - 1, Patience), $"{predictions.Messages.Count} predictions");
            Assert.Equal(bars2, second.Service.Counters.Consumed);
        }

        Assert.Equal(bars1, firstConsumed);
        var asOf = predictions.Messages.Select(m => JsonSerializer.Deserialize(m.Value, ContractsJson.Default.Prediction)!.AsOf).ToList();
        Assert.Equal(asOf.Count, asOf.Distinct().Count());
    }

    /// <summary>
    /// The mock cluster does not move a downed broker's partitions to another leader, and librdkafka (2.16) drops the
    /// handle of a broker that left the metadata: a client learns it is back at its next metadata refresh (5 min by default).
    /// </summary>
    private ClientConfig Client() => new() { BootstrapServers = _cluster.BootstrapServers, TopicMetadataRefreshIntervalMs = 1000 };

    private PredictorHost Start(ForecastModel model)
    {
        var settings = new ServeSettings(Client(), new PredictorOptions { Group = "test-predictor", GaugeInterval = TimeSpan.Zero });
        return PredictorHost.Start(settings, ServedModels.Single(model));
    }

    private Task<ReplaySummary> Replay(ReplayInput input, DateRange? range = null, ReplaySpeed? speed = null) =>
        new Replayer(TimeProvider.System, new IngestTelemetry()).RunAsync(
            new ReplaySettings([input], range ?? DateRange.All, speed ?? ReplaySpeed.Max, Client(), TopicNames.Bars, TopicNames.DeadLetters, BadRowPolicy.Stop, DeadLetters: false),
            new NoProgress(),
            CancellationToken.None);

    private string[] Kcat(string topic)
    {
        using var kcat = Process.Start(new ProcessStartInfo("kcat", $"-b {_cluster.BootstrapServers} -C -t {topic} -e -q -f \"%k %s\\n\"") { RedirectStandardOutput = true })!;
        string output = kcat.StandardOutput.ReadToEnd();
        kcat.WaitForExit();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
