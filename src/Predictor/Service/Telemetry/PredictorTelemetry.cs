using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace StreamForecast.Predictor.Service.Telemetry;

/// <summary>
/// The predictor's one Meter and ActivitySource, named like the assembly, with every instrument created
/// once. Names are lowercase and dotted with UCUM units; through the collector they become Prometheus
/// names such as <c>stream_predictor_prediction_latency_seconds_bucket</c> (see deploy/grafana).
/// Observable instruments read <see cref="Gauges"/>, which the service thread refreshes.
/// </summary>
internal sealed class PredictorTelemetry : IDisposable
{
    public const string Name = "StreamForecast.Predictor";

    private static readonly double[] SecondsBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly int[] BatchBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];

    /// <summary>The bar-to-delivery latency histogram (the pipeline benchmark listens to it).</summary>
    public const string LatencyName = "stream.predictor.prediction.latency";

    private readonly TimeProvider _time;

    /// <summary>The readiness signals the broker, delivery and partition gauges read (set by the host).</summary>
    public ReadinessSignals? Readiness { get; init; }

    /// <summary>Whether the member answers ready (the <c>stream.predictor.ready</c> gauge).</summary>
    public Func<bool>? Ready { get; init; }

    public PredictorTelemetry(TimeProvider time)
    {
        _time = time;
        Meter = new Meter(Name, typeof(PredictorTelemetry).Assembly.GetName().Version?.ToString());
        Source = new ActivitySource(Name);
        BarsConsumed = Meter.CreateCounter<long>("stream.predictor.bars.consumed", "{record}", "Records read from the bars topic, valid or not.");
        Predictions = Meter.CreateCounter<long>("stream.predictor.predictions", "{prediction}", "Predictions published.");
        Scores = Meter.CreateCounter<long>("stream.predictor.scores", "{score}", "Scores published (one per bar that realises earlier forecasts).");
        DeadLetters = Meter.CreateCounter<long>("stream.predictor.dead_letters", "{record}", "Records sent to the dead-letter topic, by reason.");
        BatchSize = Meter.CreateHistogram("stream.predictor.batch.size", "{bar}", "Valid bars per micro-batch.", advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = BatchBuckets });
        StepDuration = Meter.CreateHistogram("stream.predictor.engine.step.duration", "s", "One batched LSTM step across series.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        Latency = Meter.CreateHistogram(LatencyName, "s", "From a bar's consumption to the delivery of its prediction.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        CheckpointDuration = Meter.CreateHistogram("stream.predictor.checkpoint.duration", "s", "Cutting a checkpoint (encoding the changed series), and draining all of them on revoke or stop; tag phase.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        CheckpointBytes = Meter.CreateCounter<long>("stream.predictor.checkpoint.bytes", "By", "Bytes of series state written to the state topic.");
        RestoreDuration = Meter.CreateHistogram("stream.predictor.restore.duration", "s", "Reading the assigned state partitions to their end and restoring their series.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        SeriesRestored = Meter.CreateCounter<long>("stream.predictor.series.restored", "{series}", "Series taken over from the state topic.");
        SeriesStartedFresh = Meter.CreateCounter<long>("stream.predictor.series.started_fresh", "{series}", "State records not applied (another model, corrupt), by reason: the series starts afresh.");
        SeriesOutsideTrainingRange = Meter.CreateCounter<long>("stream.predictor.series.outside_training_range", "{series}", "Series found closing far outside the prices their per-series model was trained on (once each per instance; their metrics carry outsideTrainingRange).");
        ModelRecords = Meter.CreateCounter<long>("stream.predictor.model_records", "{record}", "Records of the models topic, by outcome: applied, or rejected (dead-lettered to the models DLQ; the route keeps serving).");
        ChallengerLateSeries = Meter.CreateCounter<long>("stream.predictor.challenger.late_series", "{series}", "Series already past a challenger's start minute when its record arrived: its shadow starts at their next bar (not reproducible by a replay).");
        Meter.CreateObservableCounter("stream.predictor.promotions", () => Challengers?.Promotions() ?? [], "{series}", "Series whose challenger row started serving, by route and how: warm (at its promotion minute), cold (no row in shadow), record (by a later champion record).");
        Meter.CreateObservableGauge("stream.predictor.challenger.mase", () => Challengers?.Mase ?? [], "ratio", "Mean MASE of the LSTM over the series a route's challenger shadows, by route, role (challenger, champion: the served model on the same series) and horizon.");
        Transactions = Meter.CreateCounter<long>("stream.predictor.transactions", "{transaction}", "Checkpoint transactions committed (exactly-once only).");
        // Counters of rare events start at 0, so a query or an alert over them has a series from the start.
        foreach (Counter<long> rare in (Counter<long>[])[DeadLetters, SeriesStartedFresh, SeriesOutsideTrainingRange, Transactions, ModelRecords, ChallengerLateSeries])
        {
            rare.Add(0);
        }
        Meter.CreateObservableGauge("stream.predictor.checkpoint.pending", () => CheckpointsPending, "{checkpoint}", "Checkpoints cut whose outputs or state records are not all delivered yet (the state topic's lag behind processing).");
        Meter.CreateObservableGauge("stream.predictor.broker.silence", () => Readiness?.BrokerSilence ?? 0, "s", "Seconds since a Kafka broker last answered (not ready beyond Health:BrokerTimeout).");
        Meter.CreateObservableGauge("stream.predictor.outputs.undelivered_age", () => Readiness?.UndeliveredAge ?? 0, "s", "Seconds the oldest output not yet delivered has waited (not ready beyond Health:UndeliveredAge).");
        Meter.CreateObservableGauge("stream.predictor.ready", () => Ready?.Invoke() is false ? 0 : 1, "", "1 while the member answers ready, 0 while it is not (restoring, no broker, partitions lost, outputs stuck): /healthz/ready as a metric.");
        Meter.CreateObservableGauge("stream.predictor.partitions.lost", () => Readiness?.PartitionsLost ?? 0, "{member}", "1 while this member's partitions are lost and it holds none until it rejoins (not ready).");
        Meter.CreateObservableGauge("stream.predictor.event_time.lag", EventTimeLag, "s", "Wall clock minus the newest bar's minute (large for replays of history).");
        Meter.CreateObservableGauge("stream.predictor.consumer.lag", () => Gauges.ConsumerLag, "{record}", "Records in an assigned partition not yet consumed.");
        Meter.CreateObservableGauge("stream.predictor.series.active", () => Gauges.ActiveSeries, "{series}", "Series with state in this instance.");
        // Shares are in unit "ratio", not UCUM's "1": the Collector's Prometheus exporter names a gauge of unit "1" with a
        // "_ratio" suffix and the SDK's own /metrics exporter does not; "ratio" gives "_ratio" on both paths.
        Meter.CreateObservableGauge("stream.predictor.forecast.rmse", () => Gauges.Rmse, "{price}", "Running RMSE of the forecast close, by model and horizon.");
        Meter.CreateObservableGauge("stream.predictor.forecast.mae", () => Gauges.Mae, "{price}", "Running MAE of the forecast close, by model and horizon.");
        Meter.CreateObservableGauge("stream.predictor.forecast.mase", () => Gauges.Mase, "ratio", "Running MAE over naive's MAE at the same horizon (below 1 beats naive).");
        Meter.CreateObservableGauge("stream.predictor.interval.coverage", () => Gauges.IntervalCoverage, "ratio", "Share of realised prediction intervals that held the actual close, by model, horizon and nominal level (compare with level / 100).");
        Meter.CreateObservableGauge("stream.predictor.interval.width", () => Gauges.IntervalWidth, "{price}", "Mean width of the realised prediction intervals, by model, horizon and level.");
        Meter.CreateObservableGauge("stream.predictor.close.actual", () => Gauges.ActualClose, "{price}", "The newest bar's close, by series.");
        Meter.CreateObservableGauge("stream.predictor.close.predicted", () => Gauges.PredictedClose, "{price}", "The one-minute-ahead forecast made for the newest bar, by series and model.");
    }

    public Meter Meter { get; }

    public ActivitySource Source { get; }

    public Counter<long> BarsConsumed { get; }

    public Counter<long> Predictions { get; }

    public Counter<long> Scores { get; }

    public Counter<long> DeadLetters { get; }

    public Histogram<int> BatchSize { get; }

    public Histogram<double> StepDuration { get; }

    public Histogram<double> Latency { get; }

    public Histogram<double> CheckpointDuration { get; }

    public Counter<long> CheckpointBytes { get; }

    public Histogram<double> RestoreDuration { get; }

    public Counter<long> SeriesRestored { get; }

    public Counter<long> SeriesStartedFresh { get; }

    public Counter<long> Transactions { get; }

    public Counter<long> SeriesOutsideTrainingRange { get; }

    public Counter<long> ModelRecords { get; }

    public Counter<long> ChallengerLateSeries { get; }

    /// <summary>The champion-against-challenger gauges (set once the router exists).</summary>
    public ChallengerGauges? Challengers { get; set; }

    /// <summary>Checkpoints in flight, as the service thread last saw them.</summary>
    public int CheckpointsPending { get; set; }

    /// <summary>What the observable gauges report: a snapshot the service thread replaces.</summary>
    public GaugeSnapshot Gauges { get; set; } = GaugeSnapshot.Empty;

    private IEnumerable<Measurement<double>> EventTimeLag()
    {
        GaugeSnapshot gauges = Gauges;
        return gauges.NewestEventTime is long newest ? [new Measurement<double>(_time.GetUtcNow().ToUnixTimeSeconds() - newest)] : [];
    }

    public void Dispose()
    {
        Source.Dispose();
        Meter.Dispose();
    }
}
