using System.Diagnostics;
using StreamForecast.Integration.Tests.Chaos;

namespace StreamForecast.Integration.Tests.Predictor;

/// <summary>The watcher as a user runs it in a pipe or under timeout: the table, not only counts, and on SIGTERM too.</summary>
public sealed class WatchProcessTests
{
    [Fact]
    public void Watch_NotOnATerminal_StartedAfterTheRun_PrintsTheTableAsItGoes_AndOnSigterm_WithEveryScoreAndTheServicesConsumerLag()
    {
        using var pipeline = new ProcessPipeline();
        pipeline.StartPredictor();
        Process replay = pipeline.StartReplay("2017-06-19", "2017-06-19", "max");
        Assert.True(replay.WaitForExit(TimeSpan.FromSeconds(60)), pipeline.Logs());
        // A watcher started after the service is done (its status line, every 10 s, counts every score) still sees them all.
        var waited = Stopwatch.StartNew();
        while (!pipeline.Logs().Contains("2844 scores", StringComparison.Ordinal) && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            Thread.Sleep(500);
        }

        var (watch, log) = pipeline.StartWatch();
        waited.Restart();
        while (!File.ReadAllText(log).Contains("| BTC-USD | 1,410 | 1,409 |", StringComparison.Ordinal) && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            Thread.Sleep(500);
        }

        string periodic = File.ReadAllText(log);
        ProcessPipeline.Terminate(watch);
        Thread.Sleep(500);
        string final = File.ReadAllText(log)[periodic.Length..];

        Assert.Contains("| series | bars | predictions | bars − predictions | p50/p99 ms | next lstm / naive | MASE h1 / h10 | cov h1 by level |", periodic, StringComparison.Ordinal);
        Assert.Matches("service consumer lag: [0-9,]+ bars not yet consumed by group stream-predictor", periodic);
        Assert.Contains("service consumer lag: 0 bars not yet consumed by group stream-predictor", final, StringComparison.Ordinal);
        Assert.Contains("| series | bars | predictions | scores | bars − predictions | event time |", final, StringComparison.Ordinal);
        Assert.Contains("| BTC-USD | 1,410 | 1,409 | 1,408 | 1 |", final, StringComparison.Ordinal);
        Assert.DoesNotContain("lag (bars)", periodic + final, StringComparison.Ordinal);
    }
}
