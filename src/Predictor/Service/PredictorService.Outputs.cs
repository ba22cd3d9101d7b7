using System.Diagnostics;
using Confluent.Kafka;
using StreamForecast.Contracts;
using StreamForecast.Messaging;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Scoring;
using StreamForecast.Predictor.Service.Telemetry;

namespace StreamForecast.Predictor.Service;

/// <summary>The service's outputs: the producer's first metadata, traced predictions, dead letters, and the headers every record gets.</summary>
internal sealed partial class PredictorService
{
    /// <summary>
    /// Asks for the output topics' metadata on the producer's own connection before the first bar, so the
    /// first predictions do not wait for it (measured: about 0.5 s on the mock broker, which made every
    /// delivery of the first second late). Not fatal: a topic that is not there yet is learnt at its first record.
    /// </summary>
    private void LearnOutputTopics()
    {
        using IAdminClient admin = new DependentAdminClientBuilder(_producer.Handle).Build();
        foreach (string topic in (string[])[_settings.PredictionsTopic, _settings.ScoresTopic, _settings.MetricsTopic, _settings.DeadLetterTopic])
        {
            try
            {
                admin.GetMetadata(topic, TimeSpan.FromSeconds(5));
            }
            catch (KafkaException ex)
            {
                Log.MetadataFailed(_log, topic, ex.Error.Reason);
            }
        }
    }

    /// <summary>
    /// One prediction, traced: a processing span that continues the bar's trace (from its consumption to
    /// now) and, inside it, the publish span whose context the prediction carries on. Without a listener
    /// (or when the trace is not sampled) no span is made and nothing is allocated for one.
    /// </summary>
    private void PublishPrediction(Forecast forecast, ForecastModel model)
    {
        byte[] value = _json.Prediction(forecast, model, _settings.Forecast.Intervals);
        AcceptedBar arrival = _arrivals[(forecast.Series, forecast.AsOf)];
        using (Activity? process = _telemetry.Source.StartActivity(_processSpan, ActivityKind.Consumer, arrival.Parent, startTime: arrival.ConsumedAt))
        {
            process?.SetKafka(_settings.BarsTopic);
            process?.SetTag(SpanTags.MessageKey, forecast.Series);
            process?.SetTag(SpanTags.BarMinute, forecast.AsOf);
            process?.SetTag(SpanTags.Model, model.Id);
            using Activity? publish = _telemetry.Source.StartActivity(_publishSpan, ActivityKind.Producer);
            publish?.SetKafka(_settings.PredictionsTopic);
            Produce(_settings.PredictionsTopic, forecast.Series, value, PredictionSchema, publish?.Context ?? default, arrival.ConsumedAt);
        }

        Counters.Predictions++;
        _telemetry.Predictions.Add(1);
    }

    /// <summary>One Score for what a bar realised (the errors of <c>Predictor:ScoreModels</c>); its trace is the bar's own.</summary>
    private void PublishScore(BarScores scores)
    {
        Produce(_settings.ScoresTopic, scores.Series, _json.Score(scores, _settings.ScoreModels, _settings.Forecast.Horizon), ScoreSchema,
            _arrivals[(scores.Series, scores.Timestamp)].Parent);
        Counters.Scores++;
        _telemetry.Scores.Add(1);
        _gauges.Realised(scores);
    }

    /// <summary>A series' running metrics (every <c>Predictor:MetricsEvery</c> of its bars), to the compacted metrics topic.</summary>
    private void PublishMetrics(MetricsSnapshot metrics) =>
        Produce(_settings.MetricsTopic, metrics.Series, _json.Metrics(metrics), MetricsSchema, _arrivals[(metrics.Series, metrics.AsOf)].Parent);

    /// <summary>
    /// The rejected record, bounded in size, with why and where from; its span (and so the log line) joins the
    /// record's trace. A dead letter that cannot even be queued is logged and counted, never fatal.
    /// </summary>
    private void DeadLetter(Message<string, byte[]> record, TopicPartitionOffset from, Rejection rejection)
    {
        using Activity? span = _telemetry.Source.StartActivity(_deadLetterSpan, ActivityKind.Consumer, TraceHeaders.Extract(record.Headers));
        span?.SetKafka(_settings.DeadLetterTopic);
        span?.SetTag(SpanTags.DeadLetterReason, rejection.Code);
        span?.SetStatus(ActivityStatusCode.Error, rejection.Code);
        string source = from.ToString();
        Message<string, byte[]> letter = DeadLetterMessage.Build(record.Key, record.Value, record.Headers, source, rejection, _settings.DeadLetterMaxBytes);
        try
        {
            Send(_settings.DeadLetterTopic, letter);
        }
        catch (ProduceException<string, byte[]> ex)
        {
            Log.DeadLetterFailed(_log, ex.Error.Reason);
        }

        Counters.DeadLetters++;
        _telemetry.DeadLetters.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Reason, rejection.Code));
        Log.DeadLettered(_log, source, rejection.Code, rejection.Detail);
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
        Counters.OutputBytes += value.Length;
        Send(topic, new Message<string, byte[]> { Key = key, Value = value, Headers = headers });
    }

    /// <summary>Produces into the current checkpoint epoch; a full local queue waits for deliveries (back-pressure).</summary>
    private void Send(string topic, Message<string, byte[]> message) =>
        _checkpointer.Current.Produce(_producer, new TopicPartition(topic, Partition.Any), message, _beat);

    /// <summary>
    /// Every delivery report (on the producer's thread): a prediction delivered gives its bar's consume →
    /// delivered latency; a dead letter that could not be written is logged.
    /// </summary>
    private void Delivered(DeliveryReport<string, byte[]> report)
    {
        if (report.Error.IsError)
        {
            if (report.Topic == _settings.DeadLetterTopic)
            {
                Log.DeadLetterFailed(_log, report.Error.Reason);
            }

            return;
        }

        if (report.Topic == _settings.PredictionsTopic && report.Message.Headers.TryGetLastBytes(Schemas.ConsumedAtHeader, out byte[] consumed) && consumed.Length == 8)
        {
            long milliseconds = _time.GetUtcNow().ToUnixTimeMilliseconds() - BitConverter.ToInt64(consumed);
            _telemetry.Latency.Record(milliseconds / 1000.0);
            Counters.Delivered++;
        }
    }
}
