using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamForecast.Contracts;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Messaging;
using StreamForecast.Predictor.Service.State;
using StreamForecast.Predictor.Service.Telemetry;

namespace StreamForecast.Predictor.Service.Outputs;

/// <summary>
/// The service's outputs: what the processor hands out for each bar, published as it comes (traced
/// predictions, scores, metrics, and dead letters for bars that failed), every record with its schema header,
/// into the current checkpoint epoch without waiting for delivery. Also the delivery reports (latency,
/// failed dead letters) and the output topics' metadata before the first bar.
/// </summary>
internal sealed class OutputPublisher : IForecastSink, IDisposable
{
    private static readonly byte[] PredictionSchema = Encoding.UTF8.GetBytes(Schemas.PredictionId);
    private static readonly byte[] ScoreSchema = Encoding.UTF8.GetBytes(Schemas.ScoreId);
    private static readonly byte[] MetricsSchema = Encoding.UTF8.GetBytes(Schemas.MetricsId);

    private readonly ServeSettings _settings;
    private readonly PredictorOptions _options;
    private readonly IProducer<string, byte[]> _producer;
    private readonly PredictorTelemetry _telemetry;
    private readonly ServiceCounters _counters;
    private readonly Action _beat; // one delegate for every send that waits, not one per record
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly OutputJson _json = new();
    private readonly DeadLetterLog _deadLetterLog;
    private readonly string _processSpan;
    private readonly string _publishSpan;
    private readonly string _deadLetterSpan;
    private ForecastModel? _model;
    private IReadOnlyList<AcceptedBar> _bars = [];
    private bool _shadow;

    public OutputPublisher(ServeSettings settings, IProducer<string, byte[]> producer, PredictorTelemetry telemetry, ServiceCounters counters, Action beat, TimeProvider time, ILogger log)
    {
        _settings = settings;
        _options = settings.Options;
        _producer = producer;
        _telemetry = telemetry;
        _counters = counters;
        _beat = beat;
        _time = time;
        _log = log;
        _deadLetterLog = new DeadLetterLog(log, time);
        (_processSpan, _publishSpan, _deadLetterSpan) = ($"process {_options.BarsTopic}", $"publish {_options.PredictionsTopic}", $"dead-letter {_options.BarsTopic}");
    }

    /// <summary>The checkpointer whose current epoch every record is produced into (set once it is built).</summary>
    public Checkpointer? Checkpoints { get; set; }

    /// <summary>
    /// The next outputs come from <paramref name="model"/>'s processor, for these bars in this order (the sink's
    /// indexes); in <paramref name="shadow"/>, a challenger's: its predictions go to their own topic, its scores and
    /// metrics beside the served model's with <c>role: challenger</c>.
    /// </summary>
    public void Begin(ForecastModel model, IReadOnlyList<AcceptedBar> bars, bool shadow = false) => (_model, _bars, _shadow) = (model, bars, shadow);

    /// <summary>A bar that failed: dead-lettered once, by the served model (a challenger in shadow that cannot forecast it only skips it).</summary>
    public void Fault(in BarFault fault)
    {
        if (_shadow)
        {
            _counters.ShadowFaults++;
            return;
        }

        AcceptedBar bar = _bars[fault.Index];
        DeadLetter(bar.Record, bar.Source, new Rejection(Rejection.ForecastFailed, fault.Reason));
    }

    /// <summary>One Score for what a bar realised (the errors of <c>Predictor:ScoreModels</c>); its trace is the bar's own.</summary>
    public void Realised(in Realisation realisation)
    {
        if (_shadow)
        {
            Produce(_options.ScoresTopic, realisation.Series + ChallengerRecords.KeySuffix, _json.Score(realisation, _settings.ScoreModels, ChallengerRecords.Role), ScoreSchema, _bars[realisation.Index].Parent);
            return;
        }

        Produce(_options.ScoresTopic, realisation.Series, _json.Score(realisation, _settings.ScoreModels), ScoreSchema, _bars[realisation.Index].Parent);
        _counters.Scores++;
        _telemetry.Scores.Add(1);
    }

    /// <summary>
    /// One prediction, traced: a processing span that continues the bar's trace (from its consumption to
    /// now) and, inside it, the publish span whose context the prediction carries on. Without a listener
    /// (or when the trace is not sampled) no span is made and nothing is allocated for one.
    /// </summary>
    public void Forecast(in ForecastView forecast)
    {
        byte[] value = _json.Prediction(forecast, _model!, _settings.Forecast.Intervals);
        AcceptedBar arrival = _bars[forecast.Index];
        if (_shadow)
        {
            Produce(_options.ChallengerPredictionsTopic, forecast.Series, value, PredictionSchema, arrival.Parent);
            _counters.ShadowPredictions++;
            return;
        }

        using (Activity? process = _telemetry.Source.StartActivity(_processSpan, ActivityKind.Consumer, arrival.Parent, startTime: arrival.ConsumedAt))
        {
            process?.SetKafka(_options.BarsTopic);
            process?.SetTag(SpanTags.MessageKey, forecast.Series);
            process?.SetTag(SpanTags.BarMinute, forecast.AsOf);
            process?.SetTag(SpanTags.Model, _model!.Id);
            using Activity? publish = _telemetry.Source.StartActivity(_publishSpan, ActivityKind.Producer);
            publish?.SetKafka(_options.PredictionsTopic);
            Produce(_options.PredictionsTopic, forecast.Series, value, PredictionSchema, publish?.Context ?? default, arrival.ConsumedAt);
        }

        _counters.Predictions++;
        _telemetry.Predictions.Add(1);
    }

    /// <summary>A series' running metrics (every <c>Predictor:MetricsEvery</c> of its bars), to the compacted metrics topic.</summary>
    public void Metrics(in MetricsView metrics) => Produce(
        _options.MetricsTopic,
        _shadow ? metrics.Series + ChallengerRecords.KeySuffix : metrics.Series,
        _json.Metrics(metrics, _shadow ? ChallengerRecords.Role : null),
        MetricsSchema,
        _bars[metrics.Index].Parent);

    /// <summary>
    /// The rejected record, bounded in size, with why and where from; its span (and so the log line) joins the
    /// record's trace. A dead letter that cannot even be queued is logged and counted, never fatal.
    /// </summary>
    public void DeadLetter(Message<string, byte[]> record, TopicPartitionOffset from, Rejection rejection)
    {
        using Activity? span = _telemetry.Source.StartActivity(_deadLetterSpan, ActivityKind.Consumer, TraceHeaders.Extract(record.Headers));
        span?.SetKafka(_options.DeadLetterTopic);
        span?.SetTag(SpanTags.DeadLetterReason, rejection.Code);
        span?.SetStatus(ActivityStatusCode.Error, rejection.Code);
        string source = FormattableString.Invariant($"{from.Topic}/{from.Partition.Value}/{from.Offset.Value}");
        Message<string, byte[]> letter = DeadLetterMessage.Build(record.Key, record.Value, record.Headers, source, rejection, _options.DeadLetterMaxBytes);
        try
        {
            Send(_options.DeadLetterTopic, letter);
        }
        catch (ProduceException<string, byte[]> ex)
        {
            Log.DeadLetterFailed(_log, ex.Error.Reason);
        }

        _counters.DeadLetters++;
        _telemetry.DeadLetters.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Reason, rejection.Code));
        _deadLetterLog.Write(source, rejection);
    }

    /// <summary>
    /// Asks for the output topics' metadata on the producer's own connection before the first bar, so the
    /// first predictions do not wait for it (measured: about 0.5 s on the mock broker, which made every
    /// delivery of the first second late). Not fatal: a topic that is not there yet is learnt at its first record.
    /// </summary>
    public void LearnOutputTopics(CancellationToken cancellation)
    {
        using IAdminClient admin = new DependentAdminClientBuilder(_producer.Handle).Build();
        foreach (string topic in (string[])[_options.PredictionsTopic, _options.ScoresTopic, _options.MetricsTopic, _options.DeadLetterTopic, _options.ChallengerPredictionsTopic])
        {
            if (cancellation.IsCancellationRequested)
            {
                return;
            }

            try
            {
                admin.GetMetadata(topic, TimeSpan.FromSeconds(1));
            }
            catch (KafkaException ex)
            {
                Log.MetadataFailed(_log, topic, ex.Error.Reason);
            }
        }
    }

    /// <summary>
    /// Every delivery report (on the producer's thread): a prediction delivered gives its bar's consume →
    /// delivered latency; a dead letter that could not be written is logged.
    /// </summary>
    public void Delivered(DeliveryReport<string, byte[]> report)
    {
        if (report.Error.IsError)
        {
            if (report.Topic == _options.DeadLetterTopic)
            {
                Log.DeadLetterFailed(_log, report.Error.Reason);
            }

            return;
        }

        if (report.Topic == _options.PredictionsTopic && report.Message.Headers.TryGetLastBytes(Schemas.ConsumedAtHeader, out byte[] consumed) && consumed.Length == 8)
        {
            long milliseconds = _time.GetUtcNow().ToUnixTimeMilliseconds() - BitConverter.ToInt64(consumed);
            _telemetry.Latency.Record(milliseconds / 1000.0);
            _counters.Delivered++;
        }
    }

    /// <summary>The dead-letter log's minute summary when due (the loop calls this between batches).</summary>
    public void Tick() => _deadLetterLog.Tick();

    public void Dispose()
    {
        _deadLetterLog.Flush();
        _json.Dispose();
    }

    private void Produce(string topic, string key, byte[] value, byte[] schema, ActivityContext trace, DateTimeOffset? consumedAt = null)
    {
        var headers = new Headers { { Schemas.SchemaHeader, schema } };
        if (consumedAt is { } consumed)
        {
            // Headers do not change the record's bytes: a re-delivered bar still yields the same value.
            headers.Add(Schemas.ConsumedAtHeader, BitConverter.GetBytes(consumed.ToUnixTimeMilliseconds()));
        }

        TraceHeaders.Inject(headers, trace);
        _counters.OutputBytes += value.Length;
        Send(topic, new Message<string, byte[]> { Key = key, Value = value, Headers = headers });
    }

    /// <summary>Produces into the current checkpoint epoch; a full local queue waits for deliveries (back-pressure).</summary>
    private void Send(string topic, Message<string, byte[]> message) =>
        Checkpoints!.Current.Produce(_producer, new TopicPartition(topic, Partition.Any), message, _beat);
}
