using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Polly;
using Polly.Retry;
using StreamForecast.Contracts;
using StreamForecast.Ingest.Telemetry;
using StreamForecast.Messaging;

namespace StreamForecast.Ingest.Replay;

/// <summary>
/// Produces bars keyed by series with delivery handlers (no awaiting per record), retries a full local
/// queue or a briefly unreachable broker with backoff, and counts what was delivered and what failed.
/// The producer is idempotent, so retries neither duplicate nor reorder a series' bars, and gapless: a
/// batch that fails for good stops the producer (a fatal error) with one request in flight per broker, so
/// no later bar of its partition is written after it, and "resume after the last bar on the topic" never
/// skips a hole. Records carry the time they are produced (the bar's minute is in the payload), so
/// time-based retention counts from the replay, not from 2017. Each bar is published inside a producer
/// span whose W3C context travels in the record's <c>traceparent</c> header.
/// </summary>
internal sealed class BarPublisher : IDisposable
{
    private static readonly byte[] BarSchema = Encoding.UTF8.GetBytes(Schemas.MinuteBarId);

    private readonly IProducer<string, byte[]> _producer;
    private readonly string _topic;
    private readonly string _deadLetterTopic;
    private readonly ResiliencePipeline _retry;
    private readonly Action<DeliveryReport<string, byte[]>> _onDelivery;
    private readonly IngestTelemetry _telemetry;
    private long _delivered;
    private long _failed;
    private long _deadLetters;

    public BarPublisher(ProducerConfig config, string topic, string deadLetterTopic, IngestTelemetry telemetry)
    {
        _telemetry = telemetry;
        config.EnableIdempotence ??= true;
        config.LingerMs ??= 5;
        config.MaxInFlight ??= 1;
        // Bars compress about fivefold: less for the broker to keep, and the mock's 5 MiB a partition holds a month of one series.
        config.CompressionType ??= CompressionType.Lz4;
        if (config.Get("enable.gapless.guarantee") is null)
        {
            config.Set("enable.gapless.guarantee", "true");
        }

        _producer = new ProducerBuilder<string, byte[]>(config).SetLogHandler(KafkaLog.Writer(Console.Error)).Build();
        _topic = topic;
        _deadLetterTopic = deadLetterTopic;
        _onDelivery = OnDelivery;
        _retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<ProduceException<string, byte[]>>(IsTransient),
                MaxRetryAttempts = 100,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(5),
                MaxDelay = TimeSpan.FromSeconds(1),
                UseJitter = true,
                OnRetry = _ =>
                {
                    // Serve delivery reports so the local queue drains before the next attempt.
                    _producer.Poll(TimeSpan.FromMilliseconds(50));
                    return default;
                },
            })
            .Build();
    }

    public long Delivered => Interlocked.Read(ref _delivered);

    public long Failed => Interlocked.Read(ref _failed);

    public long DeadLetters => Interlocked.Read(ref _deadLetters);

    public string? FirstError { get; private set; }

    /// <summary>A bar's delivery failed: send nothing more (what follows would land after a hole).</summary>
    public bool HasFailed => Failed > 0;

    public void Publish(MinuteBar bar)
    {
        using Activity? span = _telemetry.Source.StartActivity($"publish {_topic}", ActivityKind.Producer);
        span?.SetKafka(_topic);
        span?.SetTag(SpanTags.MessageKey, bar.Series);
        span?.SetTag(SpanTags.BarMinute, bar.Timestamp);
        var message = new Message<string, byte[]>
        {
            Key = bar.Series,
            Value = JsonSerializer.SerializeToUtf8Bytes(bar, ContractsJson.Default.MinuteBar),
            Headers = new Headers { { Schemas.SchemaHeader, BarSchema } },
        };
        TraceHeaders.Inject(message.Headers, span?.Context ?? default);
        _retry.Execute(() => _producer.Produce(_topic, message, _onDelivery));
    }

    /// <summary>A rejected input row, with the reason and where it came from in the headers.</summary>
    public void DeadLetter(string series, string line, string where, string reason)
    {
        var message = new Message<string, byte[]>
        {
            Key = series,
            Value = Encoding.UTF8.GetBytes(line),
            Headers = new Headers
            {
                { Schemas.ReasonHeader, Encoding.UTF8.GetBytes(reason) },
                { Schemas.SourceHeader, Encoding.UTF8.GetBytes(where) },
            },
        };
        _retry.Execute(() => _producer.Produce(_deadLetterTopic, message, _onDelivery));
        Interlocked.Increment(ref _deadLetters);
    }

    /// <summary>Waits for every outstanding delivery; true when none is left.</summary>
    public bool Flush(TimeSpan timeout) => _producer.Flush(timeout) == 0;

    public void Dispose() => _producer.Dispose();

    private static bool IsTransient(ProduceException<string, byte[]> error) =>
        error.Error.Code is ErrorCode.Local_QueueFull or ErrorCode.Local_Transport or ErrorCode.Local_AllBrokersDown or ErrorCode.Local_TimedOut;

    private void OnDelivery(DeliveryReport<string, byte[]> report)
    {
        if (report.Error.IsError)
        {
            FirstError ??= $"{report.TopicPartition}: {report.Error.Reason}";
            if (report.Topic == _topic)
            {
                Interlocked.Increment(ref _failed);
                _telemetry.BarsFailed.Add(1);
            }
        }
        else if (report.Topic == _topic)
        {
            Interlocked.Increment(ref _delivered);
            _telemetry.BarsSent.Add(1);
        }
    }
}
