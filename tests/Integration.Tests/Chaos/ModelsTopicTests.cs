using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using StreamForecast.Contracts;
using StreamForecast.Engine;
using StreamForecast.Engine.Checkpoints;
using StreamForecast.Predictor.Service.Models;
using Xunit.Abstractions;

namespace StreamForecast.Integration.Tests.Chaos;

/// <summary>
/// The models topic as a user meets it: bad records dead-lettered with the reason while the champion serves on, a
/// challenger published after its series passed its start, and the rollout commands' refusals.
/// </summary>
public sealed class ModelsTopicTests(ITestOutputHelper output) : IDisposable
{
    private readonly ProcessPipeline _pipeline = new();

    public void Dispose() => _pipeline.Dispose();

    [Fact]
    public async Task BadModelRecords_AreDeadLetteredWithTheReason_AndTheChampionServesOn()
    {
        string global = ProcessPipeline.ModelFile("global-lstm-2x100.safetensors");
        byte[] good = File.ReadAllBytes(global);
        byte[] twoInputs = Checkpoint(new LstmShape(2, 8, 1, 1));
        byte[] csv = Encoding.UTF8.GetBytes("timestamp,open,high,low,close,volume\n1498003200,1,1,1,1,1\n");
        (string Key, byte[] Value, string Reason)[] bad =
        [
            ("default/challenger", Encoding.UTF8.GetBytes("not a model"), "no header line"),
            ("default/challenger", Record("default", good) [..^10], "SHA-256"),
            ("default/challenger", Record("default", csv), "not a safetensors file"),
            ("default/challenger", Record("default", twoInputs), "takes one input"),
            ("nowhere/challenger", Record("nowhere", good), "no route nowhere"),
            ("default/standby", Record("default", good), "not ROUTE/champion or ROUTE/challenger"),
        ];
        using (IProducer<string, byte[]> producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = _pipeline.Brokers }).Build())
        {
            foreach (var (key, value, _) in bad)
            {
                producer.Produce(TopicNames.Models, new Message<string, byte[]> { Key = key, Value = value });
            }

            producer.Flush(TimeSpan.FromSeconds(10));
        }

        using var letters = new TopicReader(_pipeline.Brokers, TopicNames.ModelsDeadLetters);
        using var predictions = new TopicReader(_pipeline.Brokers, TopicNames.Predictions);
        using var shadow = new TopicReader(_pipeline.Brokers, TopicNames.ChallengerPredictions);
        Process predictor = _pipeline.StartPredictor();
        await Task.Delay(3000);
        Process replay = _pipeline.StartReplay("2017-06-21", "2017-06-21", "20000x");
        await replay.WaitForExitAsync();
        Assert.True(letters.WaitFor(n => n >= bad.Length, TimeSpan.FromSeconds(30)), _pipeline.Logs());
        Assert.True(predictions.WaitFor(n => n > 1000, TimeSpan.FromSeconds(60)), _pipeline.Logs());
        ProcessPipeline.Terminate(predictor);

        // Dead letters are keyed by the record's key, so spread over partitions: ordered here by their source offset.
        List<Message<string, byte[]>> refused = [.. letters.Messages.OrderBy(m => int.Parse(Header(m, Schemas.SourceHeader).Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture))];
        for (int i = 0; i < bad.Length; i++)
        {
            string reason = Header(refused[i], Schemas.ReasonHeader);
            output.WriteLine($"{bad[i].Key}: {reason} ({Header(refused[i], Schemas.SourceHeader)})");
            Assert.Equal(Rejection.BadModel, Header(refused[i], Schemas.ReasonCodeHeader));
            Assert.Contains(bad[i].Reason, reason, StringComparison.Ordinal);
            Assert.Equal($"{TopicNames.Models}/0/{i}", Header(refused[i], Schemas.SourceHeader));
        }

        Assert.Empty(shadow.Messages);
        Assert.All(predictions.Messages.Where(m => m.Key == "BTC-USD"), m => Assert.Contains("\"modelId\":\"btcusd-lstm-2x100\"", Encoding.UTF8.GetString(m.Value), StringComparison.Ordinal));
        Assert.Contains("refused", _pipeline.Logs(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChallengerPublishedAfterItsSeriesPassedItsStart_StartsAtTheirNextBar_WithAWarning()
    {
        using var shadow = new TopicReader(_pipeline.Brokers, TopicNames.ChallengerPredictions);
        using var predictions = new TopicReader(_pipeline.Brokers, TopicNames.Predictions);
        Process predictor = _pipeline.StartPredictor();
        await Task.Delay(3000);
        await _pipeline.StartReplay("2017-06-21", "2017-06-21", "20000x").WaitForExitAsync();
        Assert.True(predictions.WaitFor(n => n > 2000, TimeSpan.FromSeconds(60)), _pipeline.Logs());

        var (code, log) = _pipeline.Run("model", "publish", ProcessPipeline.ModelFile("global-lstm-2x100.safetensors"), "--route", "default", "--challenger", "--start-at", "2017-06-21T00:00");
        Assert.True(code == 0, log);
        await Task.Delay(2000);
        await _pipeline.StartReplay("2017-06-22", "2017-06-22", "20000x").WaitForExitAsync();
        Assert.True(shadow.WaitFor(n => n > 100, TimeSpan.FromSeconds(60)), _pipeline.Logs());
        await Task.Delay(6000); // the service's checkpoint delivers the last scores and metrics

        // Deciding on the live scores: the comparison per horizon and the decision, from the day in shadow.
        var (decided, decision) = _pipeline.Run("model", "promote", "default", "--when-better", "--min-forecasts", "100");
        output.WriteLine(decision);
        Assert.True(decided == 0, decision);
        Assert.Matches(@"\| 1 \| [1-9][0-9,]+ \| ", decision);
        Assert.Contains("| 10 |", decision, StringComparison.Ordinal);
        Assert.Matches("decision: (promote|keep the champion): ", decision);
        var (listed, table) = _pipeline.Run("model", "list");
        output.WriteLine(table);
        Assert.Matches(@"\| default \| challenger \| global-lstm-2x100 \|.*\| [01]\.[0-9]{4} \(1\) \|", table);
        Assert.Matches(@"\| default \| champion \| \(serve's --model\) \|.*\| [01]\.[0-9]{4} \([12]\) \|", table);
        ProcessPipeline.Terminate(predictor);

        long first = shadow.Messages.Min(m => StreamForecast.Predictor.Tools.Watch.RecordLog.AsOf(TopicNames.ChallengerPredictions, m.Value));
        // A fresh row forecasts from its second bar (its first flow): the second bar of the day.
        var day = new StreamForecast.MarketData.BarReader(StreamForecast.Forecasting.Tests.Fixtures.Data("btcusd-gdax-1m-2017-06-19_25.csv.gz"), range: StreamForecast.MarketData.DateRange.Parse("2017-06-22", "2017-06-22")).Read().Take(2).ToList();
        Assert.Equal(day[1].Timestamp, first);
        Assert.All(shadow.Messages, m => Assert.Equal("BTC-USD", m.Key));
        Assert.Contains("1 series were already past the challenger's start 2017-06-21T00:00Z", _pipeline.Logs(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Finetune_ReadsTheRoutesLatestBarsFromTheTopic_ComparesOnTheHeldOutPart_AndPublishesAChallenger()
    {
        await _pipeline.StartReplay("2017-06-20", "2017-06-21", "100000x").WaitForExitAsync();
        string candidate = Path.Combine(_pipeline.Folder, "btc-tuned.safetensors");

        var (code, log) = _pipeline.Run(
            "finetune", "--route", "default", "--model", ProcessPipeline.ModelFile(ProcessPipeline.BtcModel), "--series", "BTC-USD", "--minutes", "720", "--epochs", "2", "--out", candidate, "--publish");
        output.WriteLine(log);

        Assert.True(code == 0, log);
        Assert.Contains("finetune: ", log, StringComparison.Ordinal);
        Assert.Contains("of 1 series to 2017-06-21T23:59Z; training before 2017-06-21T21:35Z", log, StringComparison.Ordinal);
        Assert.Matches(@"\| btcusd-lstm-2x100 \| [1-9][0-9]+ \| [0-9.]+ \| [01]\.[0-9]{4} \|", log);
        Assert.Matches(@"\| btc-tuned \| [1-9][0-9]+ \| [0-9.]+ \| [01]\.[0-9]{4} \|", log);
        Assert.Contains("published default/challenger: btc-tuned", log, StringComparison.Ordinal);
        Assert.Contains("in shadow from 2017-06-22T00:00Z", log, StringComparison.Ordinal);
        Assert.Equal("btcusd-lstm-2x100", StreamForecast.Forecasting.Forecasts.ForecastModel.Load(candidate).Checkpoint.Metadata["fine_tuned_from"]);
    }

    [Fact]
    public void RolloutCommands_RefuseWhatCannotBeDone_WithASentenceAndExitCode2()
    {
        string global = ProcessPipeline.ModelFile("global-lstm-2x100.safetensors");
        (string[] Arguments, string Says)[] refusals =
        [
            (["model", "promote", "default", "--at", "next"], "route default has no challenger to promote"),
            (["model", "retire", "default"], "route default has no challenger to retire"),
            (["model", "publish", global, "--route", "nowhere", "--challenger"], "no route nowhere on predictor.models"),
            (["model", "publish", global, "--route", "default", "--promote-at", "next"], "add --challenger"),
            (["model", "publish", global, "--route", "default", "--challenger", "--max-bytes", "100000"], "raise the topic's limit"),
            (["model", "publish", global, "--route", "default", "--challenger", "--start-at", "2017-06-21T12:00", "--promote-at", "2017-06-21T06:00"], "is before --start-at"),
        ];
        foreach (var (arguments, says) in refusals)
        {
            var (code, log) = _pipeline.Run(arguments);
            output.WriteLine($"{string.Join(' ', arguments.Skip(1))}: exit {code}: {log.Trim()}");
            Assert.Equal(2, code);
            Assert.Contains(says, log, StringComparison.Ordinal);
        }

        var (published, text) = _pipeline.Run("model", "publish", global, "--route", "default", "--challenger", "--start-at", "2017-06-21T06:00");
        Assert.True(published == 0, text);
        var (listed, table) = _pipeline.Run("model", "list");
        Assert.True(listed == 0, table);
        Assert.Contains("| default | challenger | global-lstm-2x100 |", table, StringComparison.Ordinal);
        Assert.Contains("2017-06-21T06:00Z", table, StringComparison.Ordinal);
    }

    private static byte[] Record(string route, byte[] checkpoint) =>
        new ModelRecord(new ModelHeader(1, route, [], ModelHeader.Challenger, "test", ModelRecord.Digest(checkpoint), "2017-06-21T06:00Z", null, "test", "2026-12-08T00:00Z"), checkpoint).Encode();

    private static byte[] Checkpoint(LstmShape shape)
    {
        string path = Path.GetTempFileName();
        new LstmCheckpoint(LstmParameters.Initialize(shape, HeadActivation.Tanh, 1), new Dictionary<string, string> { ["strategy"] = "recursive" }).Save(path);
        byte[] bytes = File.ReadAllBytes(path);
        File.Delete(path);
        return bytes;
    }

    private static string Header(Message<string, byte[]> message, string name) =>
        message.Headers.TryGetLastBytes(name, out byte[] value) ? Encoding.UTF8.GetString(value) : "";
}
