using StreamForecast.Contracts;
using StreamForecast.Predictor.Service.Telemetry;

namespace StreamForecast.Predictor.Tests.Service.Telemetry;

public sealed class DeadLetterLogTests
{
    [Fact]
    public void APoisonFlood_LogsTheFirstFewPerReasonAMinute_ThenOneSummaryLineWithExactCounts()
    {
        var time = new ManualTime();
        var log = new LinesLogger();
        var deadLetters = new DeadLetterLog(log, time);

        for (int i = 0; i < 100_000; i++)
        {
            deadLetters.Write($"bars.1m/0/{i}", new Rejection(Rejection.BadJson, "bad JSON"));
        }

        for (int i = 0; i < 4; i++)
        {
            deadLetters.Write($"bars.1m/1/{i}", new Rejection(Rejection.NotFinite, "close is NaN"));
        }

        time.Advance(TimeSpan.FromSeconds(59));
        deadLetters.Tick();
        Assert.Equal(DeadLetterLog.PerReason + 4, log.Lines.Count);

        time.Advance(TimeSpan.FromSeconds(2));
        deadLetters.Tick();
        Assert.Equal(DeadLetterLog.PerReason + 5, log.Lines.Count);
        Assert.Equal("100004 dead letters in the last minute: bad-json 100000, not-finite 4 (99995 not logged one by one: the first 5 of each reason a minute are)", log.Lines[^1]);

        time.Advance(TimeSpan.FromMinutes(5));
        deadLetters.Tick();
        deadLetters.Write("bars.1m/0/100000", new Rejection(Rejection.BadJson, "bad JSON"));
        Assert.Equal(DeadLetterLog.PerReason + 6, log.Lines.Count);
    }
}
