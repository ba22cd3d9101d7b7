using System.Diagnostics;
using StreamForecast.Contracts;
using Xunit.Abstractions;

namespace StreamForecast.Integration.Tests.Chaos;

/// <summary>
/// Broker, predictor and ingest as separate processes; the predictor killed, stopped, joined and left,
/// the broker taken down: the Prediction, Score and metrics records, de-duplicated by (key, asOf), equal
/// one uninterrupted run's byte for byte.
/// </summary>
public sealed class ChaosTests(ITestOutputHelper output) : IDisposable
{
    private const string Day = "2017-06-21";
    private readonly ProcessPipeline _pipeline = new();

    public void Dispose() => _pipeline.Dispose();

    [Fact]
    public async Task Chaos_FiveKillsDuringAPacedReplay_ChangeNoOutput()
    {
        using var predictions = new TopicReader(_pipeline.Brokers, TopicNames.Predictions);
        using var scores = new TopicReader(_pipeline.Brokers, TopicNames.Scores);
        using var metrics = new TopicReader(_pipeline.Brokers, TopicNames.Metrics);
        Process predictor = _pipeline.StartPredictor();
        await Task.Delay(3000);
        Process replay = _pipeline.StartReplay(Day, Day, "2000x");
        var random = new Random(20170621);
        double[] moments = [.. Enumerable.Range(0, 5).Select(_ => 2 + (random.NextDouble() * 36)).Order()];
        var clock = Stopwatch.StartNew();
        foreach (double moment in moments)
        {
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, moment - clock.Elapsed.TotalSeconds)));
            ProcessPipeline.Kill(predictor);
            predictor = _pipeline.StartPredictor();
        }

        await Finish(replay, predictor, [predictions, scores, metrics], $"kill -9 at {string.Join(", ", moments.Select(m => $"{m:F1} s"))}");
    }

    [Fact]
    public async Task Chaos_StopMemberJoiningFirstLeavingAndBrokerDown_ChangeNoOutput()
    {
        using var predictions = new TopicReader(_pipeline.Brokers, TopicNames.Predictions);
        using var scores = new TopicReader(_pipeline.Brokers, TopicNames.Scores);
        using var metrics = new TopicReader(_pipeline.Brokers, TopicNames.Metrics);
        Process first = _pipeline.StartPredictor();
        await Task.Delay(3000);
        Process replay = _pipeline.StartReplay(Day, Day, "2000x");
        await Task.Delay(6000);
        ProcessPipeline.Terminate(first);
        first = _pipeline.StartPredictor();
        await Task.Delay(6000);
        Process second = _pipeline.StartPredictor();
        await Task.Delay(8000);
        ProcessPipeline.Terminate(first);
        await Task.Delay(4000);
        _pipeline.Broker("down 1");
        await Task.Delay(3000);
        _pipeline.Broker("up 1");
        await Finish(replay, second, [predictions, scores, metrics], "SIGTERM and restart, a second member joins, the first leaves, broker 1 down for 3 s");
    }

    private async Task Finish(Process replay, Process predictor, TopicReader[] readers, string what) =>
        output.WriteLine(await ChaosRun.Finish(_pipeline, replay, predictor, readers, ChaosRun.Expected(Day), what));
}
