using System.Text;
using Confluent.Kafka;
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
        foreach (ReplayInput input in settings.Inputs)
        {
            if (Encoding.UTF8.GetByteCount(input.Series) > BarValidator.MaxSeriesBytes)
            {
                throw new FormatException($"series '{input.Series[..Math.Min(40, input.Series.Length)]}...' is longer than {BarValidator.MaxSeriesBytes} bytes");
            }
        }

        var (sources, total) = Count(settings);
        if (total == 0)
        {
            throw new InvalidDataException($"no bars to replay in the range ({string.Join(", ", settings.Inputs.Select(i => $"{i.Series} from {i.Path}"))})");
        }

        // Before the resume point: two replays of a series at once would both resume from the same bar.
        await using ReplayLease lease = await ReplayLease.AcquireAsync(settings.Client, settings.Topic, [.. settings.Inputs.Select(i => i.Series)], time, Timeout).ConfigureAwait(false);
        ResumeScan resume = ResumePoint.Read(settings.Client, settings.Topic, [.. settings.Inputs.Select(i => i.Series)], time, Timeout);
        using var publisher = new BarPublisher(settings.Client.ToProducerConfig(), settings.Topic, settings.DeadLetterTopic, telemetry);
        var readers = sources.Select(source => (Source: source, Reader: Reader(settings, source, publisher))).ToList();
        var sent = new SendResult();
        bool flushed;
        try
        {
            await SendAsync(MergedBars.Merge([.. readers.Select(r => r.Source.Bars(r.Reader))]), total, resume, settings, publisher, progress, sent, cancellation).ConfigureAwait(false);
        }
        finally
        {
            // Whatever ended the loop, what is queued is delivered (or counted failed), never dropped.
            flushed = publisher.Flush(TimeSpan.FromSeconds(60));
        }

        long invalid = readers.Sum(r => r.Reader.Report.SkippedTotal);
        long failed = publisher.Failed + (flushed ? 0 : 1);
        string? error = sent.Error ?? publisher.FirstError ?? (flushed ? null : "deliveries still outstanding after 60 s");
        return new ReplaySummary(publisher.Delivered, sent.Skipped, invalid, publisher.DeadLetters, failed, error, sent.Cancelled, time.GetElapsedTime(started))
        {
            IgnoredOnTopic = resume.Describe(),
        };
    }

    /// <summary>
    /// Sends the merged bars after each series' resume point, paced, until the end, a cancellation, or the first
    /// failed delivery: what would follow a lost bar is not sent, so a re-run resumes exactly after it.
    /// </summary>
    private async Task SendAsync(
        IEnumerable<MinuteBar> bars, long total, ResumeScan resume, ReplaySettings settings, BarPublisher publisher, IReplayProgress progress, SendResult sent, CancellationToken cancellation)
    {
        long done = 0, firstEvent = long.MinValue;
        long paceStart = time.GetTimestamp();
        foreach (MinuteBar bar in bars)
        {
            if (cancellation.IsCancellationRequested)
            {
                sent.Cancelled = true;
                return;
            }

            if (publisher.HasFailed)
            {
                sent.Error = $"stopped at the first failed delivery ({publisher.FirstError}); re-run to resume after the last bar delivered";
                return;
            }

            done++;
            if (resume.Last.TryGetValue(bar.Series, out long last) && bar.Timestamp <= last)
            {
                sent.Skipped++;
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
                    sent.Cancelled = true;
                    return;
                }
            }

            try
            {
                publisher.Publish(bar);
            }
            catch (ProduceException<string, byte[]> ex)
            {
                sent.Error = $"the producer refused a bar of {bar.Series} at {bar.Timestamp}: {ex.Error.Reason}; re-run to resume after the last bar delivered";
                return;
            }

            progress.Report(done, total, bar.Timestamp);
            telemetry.Report(done, total, bar.Timestamp);
        }
    }

    /// <summary>
    /// The validating first pass, one read of each file: stops on the first bad row under Stop, before anything
    /// is sent. A long file whose rows are not in time order is then read once per series (the merge needs each
    /// stream in time order).
    /// </summary>
    private static (List<ReplaySource> Sources, long Count) Count(ReplaySettings settings)
    {
        var sources = new List<ReplaySource>();
        long count = 0;
        foreach (ReplaySource source in ReplaySource.Of(settings.Inputs))
        {
            bool ordered = true;
            long last = long.MinValue;
            foreach (MinuteBar bar in source.Bars(source.Reader(settings.BadRows, settings.Range)))
            {
                count++;
                ordered &= bar.Timestamp >= last;
                last = bar.Timestamp;
            }

            sources.AddRange(ordered ? [source] : source.PerSeries());
        }

        return (sources, count);
    }

    private BarReader Reader(ReplaySettings settings, ReplaySource source, BarPublisher publisher) =>
        source.Reader(settings.BadRows, settings.Range, (series, line, where, reason) =>
        {
            telemetry.BarsSkipped.Add(1, new KeyValuePair<string, object?>(IngestTelemetry.ReasonTag, IngestTelemetry.SkippedInvalid));
            if (settings.DeadLetters)
            {
                publisher.DeadLetter(series, line, where, reason);
            }
        });

    /// <summary>How the sending loop ended.</summary>
    private sealed class SendResult
    {
        public long Skipped { get; set; }

        public bool Cancelled { get; set; }

        public string? Error { get; set; }
    }
}
