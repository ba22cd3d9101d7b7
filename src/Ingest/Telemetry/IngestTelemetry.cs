using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace StreamForecast.Ingest.Telemetry;

/// <summary>
/// The ingest's one Meter and ActivitySource, named like the assembly, every instrument created once.
/// The replay position and progress gauges read what the replay last reported.
/// </summary>
internal sealed class IngestTelemetry : IDisposable
{
    public const string Name = "StreamForecast.Ingest";

    /// <summary>Tag key of <see cref="BarsSkipped"/>: <see cref="SkippedResumed"/> or <see cref="SkippedInvalid"/>.</summary>
    public const string ReasonTag = "reason";
    public const string SkippedResumed = "already-on-topic";
    public const string SkippedInvalid = "invalid";

    private long _position = long.MinValue;
    private double _progress = double.NaN;

    public IngestTelemetry()
    {
        Meter = new Meter(Name, typeof(IngestTelemetry).Assembly.GetName().Version?.ToString());
        Source = new ActivitySource(Name);
        BarsSent = Meter.CreateCounter<long>("stream.ingest.bars.sent", "{bar}", "Bars delivered to the bars topic.");
        BarsSkipped = Meter.CreateCounter<long>("stream.ingest.bars.skipped", "{bar}", "Bars not sent: already on the topic (resume) or invalid rows.");
        BarsFailed = Meter.CreateCounter<long>("stream.ingest.bars.failed", "{bar}", "Bars whose delivery failed.");

        // Counters of rare events start at 0, so a query or an alert over them has a series from the start.
        BarsSkipped.Add(0);
        BarsFailed.Add(0);
        Meter.CreateObservableGauge("stream.ingest.replay.position", () => Position(), "s", "Event time (unix seconds) of the newest bar sent.");
        Meter.CreateObservableGauge("stream.ingest.replay.progress", () => Progress(), "ratio", "Share of the replay's bars handled so far.");
    }

    public Meter Meter { get; }

    public ActivitySource Source { get; }

    public Counter<long> BarsSent { get; }

    public Counter<long> BarsSkipped { get; }

    public Counter<long> BarsFailed { get; }

    /// <summary>Where the replay is: called by the replay loop.</summary>
    public void Report(long done, long total, long eventTime)
    {
        Volatile.Write(ref _position, eventTime);
        Volatile.Write(ref _progress, total > 0 ? (double)done / total : double.NaN);
    }

    public void Dispose()
    {
        Source.Dispose();
        Meter.Dispose();
    }

    private IEnumerable<Measurement<long>> Position() =>
        Volatile.Read(ref _position) is var position && position != long.MinValue ? [new Measurement<long>(position)] : [];

    private IEnumerable<Measurement<double>> Progress() =>
        Volatile.Read(ref _progress) is var progress && double.IsFinite(progress) ? [new Measurement<double>(progress)] : [];
}
