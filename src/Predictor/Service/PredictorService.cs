using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using StreamForecast.Contracts;
using StreamForecast.MarketData;
using StreamForecast.Messaging;
using StreamForecast.Predictor.Forecasting;

namespace StreamForecast.Predictor.Service;

/// <summary>
/// The Kafka service: consumes bars in a consumer group, validates them (rejects go to the dead-letter
/// topic with the reason), forecasts each micro-batch through the same <see cref="ForecastProcessor"/>
/// as the backtest (one batched engine step across series), publishes Predictions and Scores, and
/// stores the input offsets only after the batch's outputs are delivered (at-least-once). Series state
/// is dropped when its partition is revoked. Only fatal Kafka errors stop it.
/// </summary>
internal sealed class PredictorService : IScoreSink, IDisposable
{
    private static readonly byte[] PredictionSchema = Encoding.UTF8.GetBytes(Schemas.Prediction);
    private static readonly byte[] ScoreSchema = Encoding.UTF8.GetBytes(Schemas.Score);

    private readonly ServeSettings _settings;
    private readonly ModelRouter _router;
    private readonly TextWriter _log;
    private readonly IProducer<string, byte[]> _producer;
    private readonly Dictionary<string, long> _lastTimestamp = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Partition> _seriesPartition = new(StringComparer.Ordinal);
    private readonly List<SeriesBar> _batch = [];
    private readonly Dictionary<(string Series, long Timestamp), long> _consumedAt = [];
    private readonly Dictionary<TopicPartition, Offset> _batchOffsets = [];
    private readonly List<Forecast> _forecasts = [];
    private readonly Action<DeliveryReport<string, byte[]>> _onDelivery;
    private string? _deliveryError;

    public PredictorService(ServeSettings settings, ModelRouter router, TextWriter log)
    {
        KafkaNative.EnsureLoaded();
        _settings = settings;
        _router = router;
        _log = log;
        ProducerConfig producer = settings.Client.ToProducerConfig();
        producer.EnableIdempotence ??= true;
        producer.LingerMs ??= 5;
        producer.CompressionType ??= CompressionType.Lz4;
        producer.BatchSize ??= 1 << 20;
        _producer = new ProducerBuilder<string, byte[]>(producer).Build();
        _onDelivery = report =>
        {
            if (report.Error.IsError)
            {
                _deliveryError ??= $"{report.TopicPartition}: {report.Error.Reason}";
            }
        };
    }

    public ServiceCounters Counters { get; } = new();

    /// <summary>Why the service stopped on its own (a fatal error), or null if it was cancelled.</summary>
    public string? StopReason { get; private set; }

    /// <summary>Consumes until cancelled or a fatal error; call on a dedicated thread.</summary>
    public void Run(CancellationToken cancellation)
    {
        ConsumerConfig config = _settings.Client.ToConsumerConfig();
        config.GroupId = _settings.GroupId;
        config.EnableAutoCommit = true;
        config.EnableAutoOffsetStore = false;
        config.AutoOffsetReset ??= AutoOffsetReset.Earliest;
        config.SessionTimeoutMs ??= 6000;
        using IConsumer<string, byte[]> consumer = new ConsumerBuilder<string, byte[]>(config)
            .SetPartitionsAssignedHandler((_, partitions) => _log.WriteLine($"serve: assigned {string.Join(", ", partitions.Select(p => p.Partition.Value))}"))
            .SetPartitionsRevokedHandler((_, partitions) => Drop(partitions.Select(p => p.TopicPartition)))
            .SetPartitionsLostHandler((_, partitions) => Drop(partitions.Select(p => p.TopicPartition)))
            .Build();
        consumer.Subscribe(_settings.BarsTopic);
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                if (Fill(consumer, cancellation))
                {
                    Publish(consumer);
                }
            }
        }
        catch (KafkaException ex)
        {
            // Fatal client errors, or outputs that could not be delivered: stop without storing the offsets
            // of undelivered work, so a restart re-processes it (at-least-once).
            StopReason = ex.Error.Reason;
            _log.WriteLine($"serve: stopping: {StopReason}");
        }
        finally
        {
            _producer.Flush(TimeSpan.FromSeconds(30));
            consumer.Close();
        }
    }

    public void Scored(SeriesState series, long timestamp, IReadOnlyList<RealizedScore> scores)
    {
        Score score = ContractMapping.ToScore(scores, timestamp, series.Scores);
        Produce(_settings.ScoresTopic, score.Series, JsonSerializer.SerializeToUtf8Bytes(score, ContractsJson.Default.Score), ScoreSchema);
        Counters.Scores++;
    }

    public void Dispose() => _producer.Dispose();

    /// <summary>Collects up to MaxBatch valid bars or until the linger time passes; false when none came.</summary>
    private bool Fill(IConsumer<string, byte[]> consumer, CancellationToken cancellation)
    {
        _batch.Clear();
        _batchOffsets.Clear();
        _consumedAt.Clear();
        long started = Stopwatch.GetTimestamp();
        TimeSpan wait = TimeSpan.FromMilliseconds(200);
        while (_batch.Count < _settings.MaxBatch && !cancellation.IsCancellationRequested)
        {
            ConsumeResult<string, byte[]>? record;
            try
            {
                record = consumer.Consume(wait);
            }
            catch (ConsumeException ex) when (!ex.Error.IsFatal)
            {
                // Unknown member after a session timeout and the like: librdkafka rejoins by itself. The
                // bars taken so far are still published, so none is skipped.
                _log.WriteLine($"serve: consume error (going on): {ex.Error.Reason}");
                break;
            }

            if (record is null || record.IsPartitionEOF)
            {
                if (_batchOffsets.Count > 0 || record is null)
                {
                    break;
                }

                continue;
            }

            Counters.Consumed++;
            _batchOffsets[record.TopicPartition] = record.Offset + 1;
            Accept(record);
            TimeSpan left = _settings.Linger - Stopwatch.GetElapsedTime(started);
            wait = left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }

        return _batchOffsets.Count > 0;
    }

    private void Accept(ConsumeResult<string, byte[]> record)
    {
        string key = record.Message.Key ?? "";
        var (bar, reason) = BarValidator.Validate(record.Message.Key, record.Message.Value, _lastTimestamp.GetValueOrDefault(key, long.MinValue));
        if (bar is null)
        {
            DeadLetter(record, reason!);
            return;
        }

        _lastTimestamp[bar.Series] = bar.Timestamp;
        _seriesPartition[bar.Series] = record.Partition;
        _batch.Add(new SeriesBar(bar.Series, new Bar(bar.Timestamp, bar.Open, bar.High, bar.Low, bar.Close, bar.Volume)));
        _consumedAt[(bar.Series, bar.Timestamp)] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    }

    /// <summary>Forecasts the batch, publishes, waits for delivery, then stores the input offsets.</summary>
    private void Publish(IConsumer<string, byte[]> consumer)
    {
        foreach (ForecastProcessor processor in _router.Processors)
        {
            SeriesBar[] mine = [.. _batch.Where(bar => _router.For(bar.Series) == processor)];
            if (mine.Length == 0)
            {
                continue;
            }

            _forecasts.Clear();
            processor.Process(mine, _forecasts, this);
            foreach (Forecast forecast in _forecasts)
            {
                Prediction prediction = ContractMapping.ToPrediction(forecast, processor.Model);
                Produce(_settings.PredictionsTopic, forecast.Series, JsonSerializer.SerializeToUtf8Bytes(prediction, ContractsJson.Default.Prediction), PredictionSchema,
                    _consumedAt.GetValueOrDefault((forecast.Series, forecast.AsOf)));
                Counters.Predictions++;
            }
        }

        // At-least-once: the bars' offsets move on only once everything they produced is delivered.
        while (_producer.Flush(TimeSpan.FromSeconds(10)) > 0)
        {
            _log.WriteLine("serve: waiting for deliveries");
        }

        if (_deliveryError is not null)
        {
            throw new KafkaException(new Error(ErrorCode.Local_Fatal, $"delivery failed, offsets not stored: {_deliveryError}"));
        }

        long delivered = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (long consumed in _consumedAt.Values)
        {
            Counters.AddLatency(delivered - consumed);
        }

        var assigned = consumer.Assignment.ToHashSet();
        foreach (var (partition, next) in _batchOffsets)
        {
            if (assigned.Contains(partition))
            {
                consumer.StoreOffset(new TopicPartitionOffset(partition, next));
            }
        }

        Counters.Batches++;
        Counters.Bars += _batch.Count;
    }

    private void DeadLetter(ConsumeResult<string, byte[]> record, string reason)
    {
        var message = new Message<string, byte[]>
        {
            Key = record.Message.Key,
            Value = record.Message.Value,
            Headers = new Headers
            {
                { Schemas.ReasonHeader, Encoding.UTF8.GetBytes(reason) },
                { Schemas.SourceHeader, Encoding.UTF8.GetBytes(record.TopicPartitionOffset.ToString()) },
            },
        };
        _producer.Produce(_settings.DeadLetterTopic, message, _onDelivery);
        Counters.DeadLetters++;
    }

    private void Produce(string topic, string key, byte[] value, byte[] schema, long consumedAt = 0)
    {
        var headers = new Headers { { Schemas.SchemaHeader, schema } };
        if (consumedAt > 0)
        {
            // Headers do not change the record's bytes: a re-delivered bar still yields the same value.
            headers.Add(Schemas.ConsumedAtHeader, BitConverter.GetBytes(consumedAt));
        }

        _producer.Produce(topic, new Message<string, byte[]> { Key = key, Value = value, Headers = headers }, _onDelivery);
    }

    /// <summary>Partitions moved to another member: their series start afresh there.</summary>
    private void Drop(IEnumerable<TopicPartition> partitions)
    {
        var gone = partitions.Select(p => p.Partition).ToHashSet();
        foreach (string series in _seriesPartition.Where(pair => gone.Contains(pair.Value)).Select(pair => pair.Key).ToList())
        {
            _router.For(series).Remove(series);
            _seriesPartition.Remove(series);
            _lastTimestamp.Remove(series);
        }

        _log.WriteLine($"serve: released {string.Join(", ", gone.Select(p => p.Value))}");
    }
}
