using StreamForecast.Ingest.Telemetry;
using Microsoft.Extensions.Logging;
using StreamForecast.MarketData;

namespace StreamForecast.Ingest.Replay;

/// <summary>Progress as a log line every few seconds (output not a terminal), with rate and ETA.</summary>
internal sealed class LogProgress(ILogger log, TimeProvider time) : IReplayProgress
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(5);
    private readonly long _start = time.GetTimestamp();
    private long _last = time.GetTimestamp();

    public void Report(long done, long total, long eventTime)
    {
        if (time.GetElapsedTime(_last) < Every && done < total)
        {
            return;
        }

        _last = time.GetTimestamp();
        double seconds = time.GetElapsedTime(_start).TotalSeconds;
        double rate = done / Math.Max(seconds, 1e-9);
        double eta = rate > 0 ? (total - done) / rate : 0;
        Log.Progress(log, done, total, 100.0 * done / Math.Max(total, 1), DateRange.Format(eventTime), rate, TimeSpan.FromSeconds(Math.Round(eta)));
    }
}
