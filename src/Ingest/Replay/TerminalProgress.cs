using System.Globalization;
using Spectre.Console;
using StreamForecast.MarketData;

namespace StreamForecast.Ingest.Replay;

/// <summary>A Spectre.Console progress bar (rate and remaining time) for a terminal.</summary>
internal sealed class TerminalProgress(ProgressTask task, TimeProvider time) : IReplayProgress
{
    private long _last;

    public void Report(long done, long total, long eventTime)
    {
        if (time.GetElapsedTime(_last).TotalMilliseconds < 100 && done < total)
        {
            return;
        }

        _last = time.GetTimestamp();
        task.MaxValue = Math.Max(total, 1);
        task.Value = done;
        task.Description = string.Create(CultureInfo.InvariantCulture, $"replay [grey]{DateRange.Format(eventTime)} UTC[/]");
    }

    public static async Task<ReplaySummary> RunAsync(Func<IReplayProgress, Task<ReplaySummary>> replay, TimeProvider time) =>
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(context => replay(new TerminalProgress(context.AddTask("replay"), time)))
            .ConfigureAwait(false);
}
