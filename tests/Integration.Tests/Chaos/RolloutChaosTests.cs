using System.Diagnostics;
using StreamForecast.Contracts;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Rollout;
using Xunit.Abstractions;

namespace StreamForecast.Integration.Tests.Chaos;

/// <summary>
/// A challenger published on the models topic, in shadow from its start minute and serving from its promotion minute,
/// with the predictor killed before, between and after: every record on the four output topics, de-duplicated by
/// (key, asOf), is one uninterrupted run's, computed offline through the backtest's own rollout path.
/// </summary>
public sealed class RolloutChaosTests(ITestOutputHelper output) : IDisposable
{
    private const string Day = "2017-06-21";
    private const string StartAt = "2017-06-21T06:00";
    private const string PromoteAt = "2017-06-21T12:00";
    private readonly ProcessPipeline _pipeline = new();

    public void Dispose() => _pipeline.Dispose();

    [Fact]
    public async Task Rollout_PublishShadowPromote_WithKillsBetween_IsOneUninterruptedRun_AsTheBacktestComputesIt()
    {
        string global = ProcessPipeline.ModelFile("global-lstm-2x100.safetensors");
        var (code, log) = _pipeline.Run("model", "publish", global, "--route", "default", "--challenger", "--start-at", StartAt, "--promote-at", PromoteAt);
        Assert.True(code == 0, log);
        using var predictions = new TopicReader(_pipeline.Brokers, TopicNames.Predictions);
        using var challenger = new TopicReader(_pipeline.Brokers, TopicNames.ChallengerPredictions);
        using var scores = new TopicReader(_pipeline.Brokers, TopicNames.Scores);
        using var metrics = new TopicReader(_pipeline.Brokers, TopicNames.Metrics);
        Process predictor = _pipeline.StartPredictor();
        await Task.Delay(3000);
        Process replay = _pipeline.StartReplay(Day, Day, "2000x");
        var clock = Stopwatch.StartNew();
        double[] moments = [6, 16, 27];
        foreach (double moment in moments)
        {
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, moment - clock.Elapsed.TotalSeconds)));
            ProcessPipeline.Kill(predictor);
            predictor = _pipeline.StartPredictor();
        }

        // The default route serves BTC-USD (EUR/USD has its own route): the challenger runs on BTC-USD only.
        var plan = new ChallengerPlan(RolloutMinute.Parse(StartAt, "start"), RolloutMinute.Parse(PromoteAt, "promote"));
        var expected = ChaosRun.Expected(Day, new Dictionary<string, Challenge> { ["BTC-USD"] = new(ForecastModel.Load(global), plan) });
        Assert.Contains(expected.Keys, key => key.Topic == TopicNames.ChallengerPredictions);
        Assert.Contains(expected.Keys, key => key.Topic == TopicNames.Scores && key.Key == "BTC-USD#challenger");
        output.WriteLine(await ChaosRun.Finish(
            _pipeline, replay, predictor, [predictions, challenger, scores, metrics], expected, $"challenger from {StartAt}, promoted at {PromoteAt}, kill -9 at {string.Join(", ", moments)} s"));
        Assert.Contains(predictions.Messages, m => m.Key == "BTC-USD" && System.Text.Encoding.UTF8.GetString(m.Value).Contains("\"modelId\":\"global-lstm-2x100\"", StringComparison.Ordinal));
    }
}
