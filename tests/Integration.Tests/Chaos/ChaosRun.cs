using System.Diagnostics;
using System.Security.Cryptography;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Rollout;
using StreamForecast.Forecasting.Tests;
using StreamForecast.MarketData;
using StreamForecast.Predictor.Service;
using StreamForecast.Predictor.Tools.Backtest;
using StreamForecast.Predictor.Tools.Watch;

namespace StreamForecast.Integration.Tests.Chaos;

/// <summary>The end of a drill: the replay done, every expected record read, and the records compared with one uninterrupted run's.</summary>
internal static class ChaosRun
{
    /// <summary>One uninterrupted run's records for a day of both bundled series, as the pipeline's predictor serves them (with a challenger per series where given).</summary>
    public static Dictionary<(string Topic, string Key, long AsOf), string> Expected(string day, IReadOnlyDictionary<string, Challenge>? challenges = null)
    {
        var settings = new ServeSettings(new Confluent.Kafka.ClientConfig(), new PredictorOptions());
        var served = new ServedModels(
            ForecastModel.Load(ProcessPipeline.ModelFile(ProcessPipeline.BtcModel)),
            new Dictionary<string, ForecastModel> { ["EUR/USD"] = ForecastModel.Load(ProcessPipeline.ModelFile(ProcessPipeline.EurModel)) });
        DateRange range = DateRange.Parse(day, day);
        return ExpectedRecords.For(served, settings,
        [
            ("BTC-USD", new BarReader(Fixtures.Data("btcusd-gdax-1m-2017-06-19_25.csv.gz"), range: range).Read()),
            ("EUR/USD", new BarReader(Fixtures.Data("eurusd-histdata-1m-2017H1.csv.gz"), range: range).Read()),
        ], challenges).ToDictionary(pair => pair.Key, pair => Convert.ToHexStringLower(SHA256.HashData(pair.Value)));
    }

    /// <summary>Waits for the replay and for every expected record, stops the predictor, and asserts the records are one uninterrupted run's.</summary>
    /// <returns>What was compared, for the test's output.</returns>
    public static async Task<string> Finish(
        ProcessPipeline pipeline, Process replay, Process predictor, TopicReader[] readers, Dictionary<(string Topic, string Key, long AsOf), string> expected, string what)
    {
        using (var patience = new CancellationTokenSource(TimeSpan.FromMinutes(3)))
        {
            await replay.WaitForExitAsync(patience.Token);
        }

        Assert.Equal(0, replay.ExitCode);
        int wanted = expected.Count;
        var waited = Stopwatch.StartNew();
        while (Distinct(readers) < wanted && waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(250);
        }

        ProcessPipeline.Terminate(predictor);
        await Task.Delay(500);
        RecordComparison comparison = RecordComparison.Of(expected, [.. Read(readers)]);
        Assert.True(comparison.Identical, $"{what}: {comparison}\n{pipeline.Logs()}");
        return $"{what}: {comparison}";
    }

    private static IEnumerable<(string Topic, string Key, long AsOf, string Hash)> Read(params TopicReader[] readers) =>
        readers.SelectMany(reader => reader.Messages.Select(m => (reader.Topic, m.Key, RecordLog.AsOf(reader.Topic, m.Value), Convert.ToHexStringLower(SHA256.HashData(m.Value)))));

    private static int Distinct(params TopicReader[] readers) =>
        readers.SelectMany(reader => reader.Messages.Select(m => (reader.Topic, m.Key, RecordLog.AsOf(reader.Topic, m.Value)))).Distinct().Count();
}
