using StreamForecast.Contracts;
using StreamForecast.MarketData;
using StreamForecast.Ingest.Telemetry;
using StreamForecast.Messaging;

namespace StreamForecast.Ingest.Replay;

/// <summary>
/// Replays bar files into the bars topic: validates them (a first pass counts what is in range), reads
/// where the topic already ends for each series, then sends the rest merged by time and paced by the
/// injected <see cref="TimeProvider"/>. Cancelling stops cleanly; re-running resumes without duplicates.
/// </summary>
internal sealed class Replayer(TimeProvider time, IngestTelemetry telemetry)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public async Task<ReplaySummary> RunAsync(ReplaySettings settings, IReplayProgress progress, CancellationToken cancellation)
    {
        long started = time.GetTimestamp();
        long total = Count(settings);
        Dictionary<string, long> resume = ResumePoint.Read(settings.Client, settings.Topic, [.. settings.Inputs.Select(i => i.Series)], time, Timeout);
        using var publisher = new BarPublisher(settings.Client.ToProducerConfig(), settings.Topic, settings.DeadLetterTopic, telemetry);
        var readers = settings.Inputs.Select(input => (input.Series, Reader: Reader(settings, input, publisher))).ToList();
        long done = 0, skipped = 0, firstEvent = long.MinValue;
        long paceStart = time.GetTimestamp();
        bool cancelled = false;
        foreach (MinuteBar bar in MergedBars.Merge([.. readers.Select(r => (r.Series, r.Reader.Read()))]))
        {
            if (cancellation.IsCancellationRequested)
            {
                cancelled = true;
                break;
            }

            done++;
            if (resume.TryGetValue(bar.Series, out long last) && bar.Timestamp <= last)
            {
                skipped++;
                telemetry.BarsSkipped.Add(1, new KeyValuePair<string, object?>(IngestTelemetry.ReasonTag, IngestTelemetry.SkippedResumed));
                continue;
            }

            if (firstEvent == long.MinValue)
            {
                firstEvent = bar.Timestamp;
                paceStart = time.GetTimestamp();
            }

            TimeSpan delay = settings.Speed.DelayFor(TimeSpan.FromSeconds(bar.Timestamp - firstEvent), time.GetElapsedTime(paceStart));
            if (delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(delay, time, cancellation).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    cancelled = true;
                    break;
                }
            }

            publisher.Publish(bar);
            progress.Report(done, total, bar.Timestamp);
            telemetry.Report(done, total, bar.Timestamp);
        }

        bool flushed = publisher.Flush(TimeSpan.FromSeconds(60));
        long invalid = readers.Sum(r => r.Reader.Report.SkippedTotal);
        long failed = publisher.Failed + (flushed ? 0 : 1);
        return new ReplaySummary(publisher.Delivered, skipped, invalid, publisher.DeadLetters, failed,
            flushed ? publisher.FirstError : publisher.FirstError ?? "deliveries still outstanding after 60 s", cancelled, time.GetElapsedTime(started));
    }

    /// <summary>The validating first pass: stops on the first bad row under Stop, before anything is sent.</summary>
    private static long Count(ReplaySettings settings)
    {
        long count = 0;
        foreach (ReplayInput input in settings.Inputs)
        {
            var reader = new BarReader(input.Path, settings.BadRows, settings.Range);
            foreach (Bar _ in reader.Read())
            {
                count++;
            }
        }

        return count;
    }

    private BarReader Reader(ReplaySettings settings, ReplayInput input, BarPublisher publisher) =>
        new(input.Path, settings.BadRows, settings.Range)
        {
            Rejected = (line, where, reason) =>
            {
                telemetry.BarsSkipped.Add(1, new KeyValuePair<string, object?>(IngestTelemetry.ReasonTag, IngestTelemetry.SkippedInvalid));
                if (settings.DeadLetters)
                {
                    publisher.DeadLetter(input.Series, line, where, reason);
                }
            },
        };
}
