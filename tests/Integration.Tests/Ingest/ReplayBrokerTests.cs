using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using StreamForecast.Contracts;
using StreamForecast.Ingest.Replay;
using StreamForecast.Ingest.Telemetry;
using StreamForecast.MarketData;
using StreamForecast.Messaging;
using StreamForecast.Forecasting.Tests;

namespace StreamForecast.Integration.Tests.Ingest;

/// <summary>Replays into librdkafka's mock cluster, in process (kcat for one test).</summary>
public sealed class ReplayBrokerTests : IDisposable
{
    private readonly MockCluster _cluster = new(3);
    private readonly string _directory = Directory.CreateTempSubdirectory("stream-replay-").FullName;

    public ReplayBrokerTests()
    {
        foreach (string topic in new[] { TopicNames.Bars, TopicNames.DeadLetters })
        {
            _cluster.CreateTopic(topic, 4);
        }

        _cluster.CreateTopic(TopicNames.BarsReplays, 1);
    }

    public void Dispose()
    {
        _cluster.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Replay_TwoSeriesThenAgain_SendsEveryBarOnceAndResumesWithNothing()
    {
        ReplaySettings settings = Settings(DateRange.Parse("2017-06-20", "2017-06-20"), BadRowPolicy.Stop,
            new ReplayInput(Fixtures.Data("btcusd-gdax-1m-2017-06-19_25.csv.gz"), "BTC-USD"), new ReplayInput(Fixtures.Data("eurusd-histdata-1m-2017H1.csv.gz"), "EUR/USD"));

        ReplaySummary first = await new Replayer(TimeProvider.System, new IngestTelemetry()).RunAsync(settings, new NoProgress(), CancellationToken.None);
        ReplaySummary second = await new Replayer(TimeProvider.System, new IngestTelemetry()).RunAsync(settings, new NoProgress(), CancellationToken.None);

        List<MinuteBar> onTopic = ReadAll(TopicNames.Bars);
        Assert.Equal(0, first.Failed);
        Assert.Equal(onTopic.Count, first.Sent);
        Assert.Equal(settings.Inputs.Sum(input => new BarReader(input.Path, range: settings.Range).ReadAll().Count), onTopic.Count);
        Assert.Equal(0, second.Sent);
        Assert.Equal(first.Sent, second.AlreadyOnTopic);
        foreach (var group in onTopic.GroupBy(b => b.Series))
        {
            Assert.Equal(group.Select(b => b.Timestamp).Order(), group.Select(b => b.Timestamp));
        }
    }

    [Fact]
    public async Task Replay_CancelledHalfway_ReRunCompletesWithoutDuplicates()
    {
        ReplaySettings settings = Settings(DateRange.Parse("2017-06-21", "2017-06-21"), BadRowPolicy.Stop, new ReplayInput(Fixtures.Data("btcusd-gdax-1m-2017-06-19_25.csv.gz"), "BTC-USD"));
        using var cancel = new CancellationTokenSource();

        ReplaySummary first = await new Replayer(TimeProvider.System, new IngestTelemetry()).RunAsync(settings, new CancelAfter(500, cancel), cancel.Token);
        ReplaySummary second = await new Replayer(TimeProvider.System, new IngestTelemetry()).RunAsync(settings, new NoProgress(), CancellationToken.None);

        List<MinuteBar> onTopic = ReadAll(TopicNames.Bars);
        Assert.True(first.Cancelled);
        Assert.InRange(first.Sent, 500, 501);
        Assert.Equal(onTopic.Count, first.Sent + second.Sent);
        Assert.Equal(onTopic.Count, onTopic.Select(b => b.Timestamp).Distinct().Count());
    }

    [Fact]
    public async Task Replay_ADeliveryFailsMidStream_StopsWithoutAHole_AndTheRerunLeavesTheTopicEqualToTheFile()
    {
        string btc = Fixtures.Data("btcusd-gdax-1m-2017-06-19_25.csv.gz");
        ReplaySettings settings = Settings(DateRange.Parse("2017-06-21", "2017-06-21"), BadRowPolicy.Stop, new ReplayInput(btc, "BTC-USD")) with { Speed = ReplaySpeed.Parse("20000x") };

        // Paced, so that bars go out in many requests; one Produce request fails for good part-way through (one batch of bars rejected by the broker).
        var fail = new AtBar(400, () => _cluster.FailRequests(0, ErrorCode.MsgSizeTooLarge));
        ReplaySummary first = await new Replayer(TimeProvider.System, new IngestTelemetry()).RunAsync(settings, fail, CancellationToken.None);
        ReplaySummary second = await new Replayer(TimeProvider.System, new IngestTelemetry()).RunAsync(settings, new NoProgress(), CancellationToken.None);

        long[] file = [.. new BarReader(btc, range: settings.Range).ReadAll().Select(b => b.Timestamp)];
        long[] topic = [.. ReadAll(TopicNames.Bars).Select(b => b.Timestamp)];
        Assert.True(first.Failed > 0, first.ToString());
        Assert.Contains("re-run to resume after the last bar delivered", first.FirstError, StringComparison.Ordinal);
        Assert.Equal(0, second.Failed);
        Assert.Equal(file, topic);
    }

    [Fact]
    public async Task Replay_EndedByAnException_StillDeliversEveryBarItQueued()
    {
        ReplaySettings settings = Settings(DateRange.Parse("2017-06-21", "2017-06-21"), BadRowPolicy.Stop, new ReplayInput(Fixtures.Data("btcusd-gdax-1m-2017-06-19_25.csv.gz"), "BTC-USD"));

        await Assert.ThrowsAsync<IOException>(() => new Replayer(TimeProvider.System, new IngestTelemetry()).RunAsync(settings, new AtBar(700, () => throw new IOException("the terminal went away")), CancellationToken.None));

        Assert.Equal(700, ReadAll(TopicNames.Bars).Count);
    }

    [Fact]
    public async Task Replay_ForeignAndFutureRecordsOnTheTopic_AreIgnoredByTheResume_AndSaidSo()
    {
        string btc = Fixtures.Data("btcusd-gdax-1m-2017-06-19_25.csv.gz");
        ReplaySettings settings = Settings(DateRange.Parse("2017-06-22", "2017-06-22"), BadRowPolicy.Stop, new ReplayInput(btc, "BTC-USD"));
        using (IProducer<string, byte[]> producer = new ProducerBuilder<string, byte[]>(settings.Client.ToProducerConfig()).Build())
        {
            var future = new MinuteBar("BTC-USD", 4_070_908_800, 1, 1, 1, 1, 1);
            producer.Produce(TopicNames.Bars, new Message<string, byte[]> { Key = "BTC-USD", Value = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(future, ContractsJson.Default.MinuteBar) });
            producer.Produce(TopicNames.Bars, new Message<string, byte[]> { Key = "BTC-USD", Value = Encoding.UTF8.GetBytes("{\"series\":\"BTC-USD\",\"timestamp\":9") });
            producer.Flush(TimeSpan.FromSeconds(10));
        }

        ReplaySummary summary = await new Replayer(TimeProvider.System, new IngestTelemetry()).RunAsync(settings, new NoProgress(), CancellationToken.None);

        Assert.Equal(new BarReader(btc, range: settings.Range).ReadAll().Count, summary.Sent);
        Assert.Equal("2 records (bad-json: 1, future-timestamp: 1)", summary.IgnoredOnTopic);
        Assert.Contains("resume ignored 2 records", summary.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_RecordsCarryTheTimeTheyWereProduced_NotTheBarsMinute()
    {
        ReplaySettings settings = Settings(DateRange.Parse("2017-06-22", "2017-06-22"), BadRowPolicy.Stop, new ReplayInput(Fixtures.Data("btcusd-gdax-1m-2017-06-19_25.csv.gz"), "BTC-USD"));
        DateTimeOffset before = DateTimeOffset.UtcNow.AddSeconds(-5);

        await new Replayer(TimeProvider.System, new IngestTelemetry()).RunAsync(settings, new NoProgress(), CancellationToken.None);

        Assert.All(Consume(TopicNames.Bars), m => Assert.InRange(m.Timestamp.UtcDateTime, before.UtcDateTime, DateTime.UtcNow.AddSeconds(5)));
    }

    [Fact]
    public async Task ResumePoint_SeriesEndingFarFromThePartitionsEnd_IsFoundByWideningTheScan()
    {
        // One partition: A's last bar ends up well beyond the first window from the end (a small window
        // stands in for the 20,000 records of a real run, which the mock's 5 MiB retention cannot hold).
        _cluster.CreateTopic("bars.single", 1);
        var btc = Fixtures.Data("btcusd-gdax-1m-2017-06-19_25.csv.gz");
        ReplaySettings onlyA = Settings(DateRange.Parse("2017-06-19", "2017-06-19"), BadRowPolicy.Stop, new ReplayInput(btc, "A")) with { Topic = "bars.single" };
        ReplaySettings onlyB = Settings(DateRange.Parse("2017-06-20", "2017-06-21"), BadRowPolicy.Stop, new ReplayInput(btc, "B")) with { Topic = "bars.single" };
        await new Replayer(TimeProvider.System, new IngestTelemetry()).RunAsync(onlyA, new NoProgress(), CancellationToken.None);
        ReplaySummary filler = await new Replayer(TimeProvider.System, new IngestTelemetry()).RunAsync(onlyB, new NoProgress(), CancellationToken.None);

        Dictionary<string, long> last = ResumePoint.Read(onlyA.Client, "bars.single", ["A", "B"], TimeProvider.System, TimeSpan.FromSeconds(10), firstWindow: 100).Last;

        Assert.True(filler.Sent > 400, $"{filler.Sent} filler bars");
        Assert.Equal(new BarReader(btc, range: onlyA.Range).ReadAll()[^1].Timestamp, last["A"]);
        Assert.Equal(new BarReader(btc, range: onlyB.Range).ReadAll()[^1].Timestamp, last["B"]);
    }

    [Fact]
    public async Task Replay_BadRowsSkipped_GoToDeadLettersWithTheirReason()
    {
        string path = Path.Combine(_directory, "bad.csv");
        File.WriteAllText(path, "timestamp,open,high,low,close,volume\n60,1,2,0.5,1.5,1\n120,1,2,0.5,oops,1\n180,1,1.2,0.5,1.5,1\n240,1,2,0.5,1.5,1\n");
        ReplaySettings settings = Settings(DateRange.All, BadRowPolicy.Skip, new ReplayInput(path, "X")) with { DeadLetters = true };

        ReplaySummary summary = await new Replayer(TimeProvider.System, new IngestTelemetry()).RunAsync(settings, new NoProgress(), CancellationToken.None);

        Assert.Equal(2, summary.Sent);
        Assert.Equal(2, summary.Invalid);
        var dead = Consume(TopicNames.DeadLetters).Select(m => (Encoding.UTF8.GetString(m.Value), Encoding.UTF8.GetString(m.Headers.GetLastBytes(Schemas.ReasonHeader)))).ToList();
        Assert.Equal(2, dead.Count);
        Assert.Contains(dead, d => d.Item1 == "120,1,2,0.5,oops,1" && d.Item2 == "unparsable close ('oops')");
        Assert.Contains(dead, d => d.Item2.StartsWith("high below open or close", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Replay_Topic_IsReadableByKcat()
    {
        ReplaySettings settings = Settings(DateRange.Parse("2017-06-22", "2017-06-22"), BadRowPolicy.Stop, new ReplayInput(Fixtures.Data("btcusd-gdax-1m-2017-06-19_25.csv.gz"), "BTC-USD"));
        ReplaySummary summary = await new Replayer(TimeProvider.System, new IngestTelemetry()).RunAsync(settings, new NoProgress(), CancellationToken.None);

        var kcat = Process.Start(new ProcessStartInfo("kcat", $"-b {_cluster.BootstrapServers} -C -t {TopicNames.Bars} -e -q -f \"%k %s\\n\"") { RedirectStandardOutput = true })!;
        string[] lines = (await kcat.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        await kcat.WaitForExitAsync();

        Assert.Equal(summary.Sent, lines.Length);
        Assert.All(lines, line => Assert.StartsWith("BTC-USD {\"series\":\"BTC-USD\",\"timestamp\":", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TwoReplaysOfASeriesAtOnce_TheSecondIsRefusedNamingTheFirst_AndNoBarIsSentTwice()
    {
        var day = DateRange.Parse("2017-06-20", "2017-06-20");
        var btc = new ReplayInput(Fixtures.Data("btcusd-gdax-1m-2017-06-19_25.csv.gz"), "BTC-USD");
        ReplaySettings paced = Settings(day, BadRowPolicy.Stop, btc) with { Speed = ReplaySpeed.Parse("6000x") };
        Task<ReplaySummary> first = new Replayer(TimeProvider.System, new IngestTelemetry()).RunAsync(paced, new NoProgress(), CancellationToken.None);
        await Task.Delay(3000);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new Replayer(TimeProvider.System, new IngestTelemetry()).RunAsync(Settings(day, BadRowPolicy.Stop, btc), new NoProgress(), CancellationToken.None));
        ReplaySummary summary = await first;

        Assert.StartsWith($"another replay is writing BTC-USD into {TopicNames.Bars} ({Environment.MachineName} pid {Environment.ProcessId}, since ", refused.Message);
        List<MinuteBar> bars = ReadAll(TopicNames.Bars);
        Assert.Equal(summary.Sent, bars.Count);
        Assert.Equal(bars.Count, bars.Select(b => b.Timestamp).Distinct().Count());
    }

    [Fact]
    public async Task ReplayLease_DisjointSeriesRunTogether_AReleasedOrLapsedClaimFreesItsSeries()
    {
        var client = new ClientConfig { BootstrapServers = _cluster.BootstrapServers };
        TimeSpan patience = TimeSpan.FromSeconds(15);
        ReplayLease btc = await ReplayLease.AcquireAsync(client, TopicNames.Bars, ["BTC-USD"], TimeProvider.System, patience);

        await Assert.ThrowsAsync<InvalidOperationException>(() => ReplayLease.AcquireAsync(client, TopicNames.Bars, ["EUR/USD", "BTC-USD"], TimeProvider.System, patience));
        await using (await ReplayLease.AcquireAsync(client, TopicNames.Bars, ["EUR/USD"], TimeProvider.System, patience))
        {
            await btc.DisposeAsync();
            await using ReplayLease again = await ReplayLease.AcquireAsync(client, TopicNames.Bars, ["BTC-USD"], TimeProvider.System, patience);
        }
    }

    private ReplaySettings Settings(DateRange range, BadRowPolicy policy, params ReplayInput[] inputs) =>
        new(inputs, range, ReplaySpeed.Max, new ClientConfig { BootstrapServers = _cluster.BootstrapServers }, TopicNames.Bars, TopicNames.DeadLetters, policy, DeadLetters: false);

    private List<MinuteBar> ReadAll(string topic) =>
        [.. Consume(topic).Select(m => System.Text.Json.JsonSerializer.Deserialize(m.Value, ContractsJson.Default.MinuteBar)!).OrderBy(b => b.Timestamp)];

    private List<Message<string, byte[]>> Consume(string topic)
    {
        var config = new ClientConfig { BootstrapServers = _cluster.BootstrapServers }.ToConsumerConfig();
        config.GroupId = Guid.NewGuid().ToString("N");
        config.EnablePartitionEof = true;
        config.AutoOffsetReset = AutoOffsetReset.Earliest;
        using IConsumer<string, byte[]> consumer = new ConsumerBuilder<string, byte[]>(config).Build();
        var partitions = Enumerable.Range(0, 4).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)).ToList();
        consumer.Assign(partitions);
        var messages = new List<Message<string, byte[]>>();
        int eof = 0;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (eof < partitions.Count && DateTime.UtcNow < deadline)
        {
            ConsumeResult<string, byte[]>? record = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (record is null)
            {
                continue;
            }

            if (record.IsPartitionEOF)
            {
                eof++;
            }
            else
            {
                messages.Add(record.Message);
            }
        }

        return messages;
    }

    private sealed class AtBar(long bar, Action action) : IReplayProgress
    {
        private bool _done;

        public void Report(long done, long total, long eventTime)
        {
            if (done >= bar && !_done)
            {
                _done = true;
                action();
            }
        }
    }

    private sealed class CancelAfter(long bars, CancellationTokenSource source) : IReplayProgress
    {
        public void Report(long done, long total, long eventTime)
        {
            if (done >= bars)
            {
                source.Cancel();
            }
        }
    }
}
