using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamForecast.Contracts;
using StreamForecast.MarketData;
using StreamForecast.Messaging;
using StreamForecast.Predictor.Forecasting;
using StreamForecast.Predictor.Scoring;
using StreamForecast.Predictor.Telemetry;
using StreamForecast.ServiceDefaults.Health;

namespace StreamForecast.Predictor.Service;

/// <summary>
/// The Kafka service: consumes bars in a consumer group, validates them (rejects go to the dead-letter
/// topic with the reason), forecasts each micro-batch through the same <see cref="ForecastProcessor"/>
/// as the backtest (one batched engine step across series), publishes Predictions and Scores, and
/// stores the input offsets only after the batch's outputs are delivered (at-least-once). Series state
/// is dropped when its partition is revoked. Only fatal Kafka errors stop it.
/// </summary>
internal sealed partial class PredictorService : IDisposable
{
    private static readonly byte[] PredictionSchema = Encoding.UTF8.GetBytes(Schemas.PredictionId);
    private static readonly byte[] ScoreSchema = Encoding.UTF8.GetBytes(Schemas.ScoreId);

    private readonly ServeSettings _settings;
    private readonly ModelRouter _router;
    private readonly PredictorTelemetry _telemetry;
    private readonly ServiceGauges _gauges;
    private readonly ServiceHealth _health;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly IProducer<string, byte[]> _producer;
    private readonly Dictionary<string, long> _lastTimestamp = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Partition> _seriesPartition = new(StringComparer.Ordinal);
    private readonly List<SeriesBar> _batch = [];
    private readonly Dictionary<(string Series, long Timestamp), BarArrival> _arrivals = [];
    private readonly Dictionary<TopicPartition, Offset> _batchOffsets = [];
    private readonly List<Forecast> _forecasts = [];
    private readonly List<BarScores> _scores = [];
    private readonly Dictionary<int, long> _consumerLag = [];
    private readonly Action<DeliveryReport<string, byte[]>> _onDelivery;
    private string? _deliveryError;

    public PredictorService(ServeSettings settings, ModelRouter router, PredictorTelemetry telemetry, ServiceHealth health, ILogger<PredictorService> log, TimeProvider time)
    {
        KafkaNative.EnsureLoaded();
        _settings = settings;
        _router = router;
        _telemetry = telemetry;
        _gauges = new ServiceGauges(telemetry, settings.Forecast.Horizon, settings.SeriesTagLimit, settings.GaugeInterval);
        _health = health;
        _log = log;
        _time = time;
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
            .SetPartitionsAssignedHandler((_, partitions) => Assigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => Drop(partitions.Select(p => p.TopicPartition)))
            .SetPartitionsLostHandler((_, partitions) => Drop(partitions.Select(p => p.TopicPartition)))
            .Build();
        consumer.Subscribe(_settings.BarsTopic);
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                _health.Beat();
                if (Fill(consumer, cancellation))
                {
                    Publish(consumer);
                }

                if (_gauges.Due)
                {
                    RefreshGauges(consumer);
                }
            }
        }
        catch (KafkaException ex)
        {
            // Fatal client errors, or outputs that could not be delivered: stop without storing the offsets
            // of undelivered work, so a restart re-processes it (at-least-once).
            StopReason = ex.Error.Reason;
            Log.Stopping(_log, StopReason);
        }
        finally
        {
            _health.SetNotReady("stopping");
            _producer.Flush(TimeSpan.FromSeconds(30));
            RefreshGauges(consumer);
            consumer.Close();
        }
    }

    public void Dispose() => _producer.Dispose();

    /// <summary>Collects up to MaxBatch valid bars or until the linger time passes; false when none came.</summary>
    private bool Fill(IConsumer<string, byte[]> consumer, CancellationToken cancellation)
    {
        _batch.Clear();
        _batchOffsets.Clear();
        _arrivals.Clear();
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
                Log.ConsumeError(_log, ex.Error.Reason);
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
            _telemetry.BarsConsumed.Add(1);
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
        var (bar, rejection) = BarValidator.Validate(record.Message.Key, record.Message.Value, _lastTimestamp.GetValueOrDefault(key, long.MinValue));
        if (bar is null)
        {
            DeadLetter(record, rejection!.Value);
            return;
        }

        _lastTimestamp[bar.Series] = bar.Timestamp;
        _seriesPartition[bar.Series] = record.Partition;
        _batch.Add(new SeriesBar(bar.Series, new Bar(bar.Timestamp, bar.Open, bar.High, bar.Low, bar.Close, bar.Volume)));
        _arrivals[(bar.Series, bar.Timestamp)] = new BarArrival(_time.GetUtcNow(), TraceHeaders.Extract(record.Message.Headers));
        _gauges.BarAccepted(bar.Timestamp);
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
            _scores.Clear();
            processor.Process(mine, _forecasts, _scores);
            foreach (BarScores scores in _scores)
            {
                PublishScore(scores);
            }

            foreach (Forecast forecast in _forecasts)
            {
                PublishPrediction(forecast, processor.Model);
            }
        }

        // At-least-once: the bars' offsets move on only once everything they produced is delivered.
        int outstanding;
        while ((outstanding = _producer.Flush(TimeSpan.FromSeconds(10))) > 0)
        {
            _health.Beat();
            Log.WaitingForDeliveries(_log, outstanding);
        }

        if (_deliveryError is not null)
        {
            throw new KafkaException(new Error(ErrorCode.Local_Fatal, $"delivery failed, offsets not stored: {_deliveryError}"));
        }

        DateTimeOffset delivered = _time.GetUtcNow();
        foreach (BarArrival arrival in _arrivals.Values)
        {
            TimeSpan latency = delivered - arrival.ConsumedAt;
            _telemetry.Latency.Record(latency.TotalSeconds);
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
        _telemetry.BatchSize.Record(_batch.Count);
    }

    /// <summary>Consumer lag per assigned partition, from the client's cached watermarks (no broker round trip), then the gauges.</summary>
    private void RefreshGauges(IConsumer<string, byte[]> consumer)
    {
        _consumerLag.Clear();
        foreach (TopicPartition partition in consumer.Assignment)
        {
            WatermarkOffsets watermarks = consumer.GetWatermarkOffsets(partition);
            Offset position = consumer.Position(partition);
            if (watermarks.High != Offset.Unset && position != Offset.Unset)
            {
                _consumerLag[partition.Partition.Value] = Math.Max(0, watermarks.High.Value - position.Value);
            }
        }

        _gauges.Refresh(_consumerLag, _router.Processors);
    }

    private void Assigned(List<TopicPartition> partitions)
    {
        Log.Assigned(_log, string.Join(", ", partitions.Select(p => p.Partition.Value)));
        _health.SetReady();
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
            _gauges.Forget(series);
        }

        Log.Released(_log, string.Join(", ", gone.Select(p => p.Value)));
    }
}
