using System.Diagnostics;
using Xunit.Abstractions;

namespace StreamForecast.Integration.Tests.Chaos;

/// <summary>
/// SIGTERM at random moments of a member's life (starting, joining a group that has other members, restoring,
/// consuming) while bars flow: every stop exits 0, promptly. With librdkafka 2.0.2 a member stopped mid-join
/// aborted (SIGABRT, exit 134, librdkafka #4312) in about 6 of 14 tries.
/// </summary>
public sealed class StopDrillTests(ITestOutputHelper output) : IDisposable
{
    private readonly ProcessPipeline _pipeline = new();

    public void Dispose() => _pipeline.Dispose();

    [Fact]
    public async Task Sigterm_AtTwentyRandomMoments_WithOtherMembers_ExitsCleanlyEveryTime()
    {
        _pipeline.StartPredictor();
        _pipeline.StartPredictor();
        await Task.Delay(3000);
        _pipeline.StartReplay("2017-06-21", "2017-06-21", "200x");
        var random = new Random(4312);
        var failures = new List<string>();
        for (int drill = 0; drill < 20; drill++)
        {
            double moment = 0.2 + (random.NextDouble() * 4.8);
            Process member = _pipeline.StartPredictor();
            await Task.Delay(TimeSpan.FromSeconds(moment));
            var stopping = Stopwatch.StartNew();
            ProcessPipeline.Terminate(member);
            string line = $"SIGTERM at {moment:F2} s: exit {member.ExitCode} after {stopping.Elapsed.TotalSeconds:F1} s";
            output.WriteLine(line);
            if (member.ExitCode != 0 || stopping.Elapsed > TimeSpan.FromSeconds(15))
            {
                failures.Add(line);
            }
        }

        Assert.True(failures.Count == 0, $"{string.Join('\n', failures)}\n{_pipeline.Logs()}");
    }
}
