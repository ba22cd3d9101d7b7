using System.Runtime.InteropServices;
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
/// stores the input offsets only after the batch's outputs are delivered (at-least-once). No record stops
/// it: a bad one is dead-lettered and the loop goes on; fatal client errors, undeliverable outputs and
/// unexpected errors stop it with a log line, a bounded flush and a clean group leave.
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
    private readonly List<AcceptedBar> _batch = [];
    private readonly Dictionary<(string Series, long Timestamp), AcceptedBar> _arrivals = [];
    private readonly Dictionary<TopicPartition, Offset> _batchOffsets = [];
    private readonly List<SeriesBar> _processorBars = [];
    private readonly List<int> _processorIndex = [];
    private readonly List<Forecast> _forecasts = [];
    private readonly List<BarScores> _scores = [];
    private readonly List<BarFault> _faults = [];
    private readonly Dictionary<int, long> _consumerLag = [];
    private readonly Action<DeliveryReport<string, byte[]>> _onDelivery;
    private volatile string? _deliveryError;
    private long? _stopRequested;

    public PredictorService(ServeSettings settings, ModelRouter router, PredictorTelemetry telemetry, ServiceHealth health, ILogger<PredictorService> log, TimeProvider time)
    {
        KafkaNative.EnsureLoaded();
        _settings = settings;
        _router = router;
        _telemetry = telemetry;
        _gauges = new ServiceGauges(telemetry, settings.Forecast.Horizon, settings.SeriesTagLimit, settings.GaugeInterval, time);
        _health = health;
        _log = log;
        _time = time;
        ProducerConfig producer = settings.Client.ToProducerConfig();
        producer.EnableIdempotence ??= true;
        producer.LingerMs ??= 5;
        producer.CompressionType ??= CompressionType.Lz4;
        producer.BatchSize ??= 1 << 20;
        _producer = new ProducerBuilder<string, byte[]>(producer).Build();
        _onDelivery = OnDelivery;
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
        // A rebalance moves only the partitions that change owner; the others keep their state.
        config.PartitionAssignmentStrategy ??= PartitionAssignmentStrategy.CooperativeSticky;
        using IConsumer<string, byte[]> consumer = new ConsumerBuilder<string, byte[]>(config)
            .SetPartitionsAssignedHandler((_, partitions) => Assigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => Release(partitions.Select(p => p.TopicPartition)))
            .SetPartitionsLostHandler((_, partitions) => Release(partitions.Select(p => p.TopicPartition)))
            .Build();
        consumer.Subscribe(_settings.BarsTopic);
        bool delivered = true;
        try
        {
            while (!cancellation.IsCancellationRequested && delivered)
            {
                _health.Beat();
                if (Fill(consumer, cancellation))
                {
                    delivered = Publish(consumer, cancellation);
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
            Stop(ex.Error.Reason, null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Stop($"{ex.GetType().Name}: {ex.Message}", ex);
        }
        finally
        {
            _health.SetNotReady("stopping");
            if (delivered)
            {
                _producer.Flush(TimeLeft(cancellation));
            }

            RefreshGauges(consumer);
            consumer.Close();
        }
    }

    public void Dispose() => _producer.Dispose();

    private void Stop(string reason, Exception? exception)
    {
        StopReason = reason;
        Log.Stopping(_log, reason, exception);
    }

    /// <summary>Collects up to MaxBatch valid bars or until the linger time passes; false when none came.</summary>
    private bool Fill(IConsumer<string, byte[]> consumer, CancellationToken cancellation)
    {
        _batch.Clear();
        _batchOffsets.Clear();
        _arrivals.Clear();
        long started = _time.GetTimestamp();
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
            TimeSpan left = _settings.Linger - _time.GetElapsedTime(started);
            wait = left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }

        return _batchOffsets.Count > 0;
    }

    /// <summary>Validates a record, then admits its series (allow-list, series limit); what fails is dead-lettered.</summary>
    private void Accept(ConsumeResult<string, byte[]> record)
    {
        string? key = record.Message.Key;
        long previous = key is not null && _lastTimestamp.TryGetValue(key, out long last) ? last : long.MinValue;
        long latest = _time.GetUtcNow().ToUnixTimeSeconds() + (long)_settings.MaxFutureSkew.TotalSeconds;
        var (bar, rejection) = BarValidator.Validate(key, record.Message.Value, previous, latest);
        if (bar is not null && !_settings.Series.Allows(bar.Series))
        {
            rejection = new Rejection(Rejection.UnknownSeries, $"series '{bar.Series}' is not in Predictor:Series ({_settings.Series})");
            bar = null;
        }
        else if (bar is not null && previous == long.MinValue && _lastTimestamp.Count >= _settings.MaxSeries)
        {
            rejection = new Rejection(Rejection.SeriesLimit, $"this instance already holds Predictor:MaxSeries = {_settings.MaxSeries} series");
            bar = null;
        }

        if (bar is null)
        {
            DeadLetter(record.Message, record.TopicPartitionOffset, rejection!.Value);
            return;
        }

        _lastTimestamp[bar.Series] = bar.Timestamp;
        _seriesPartition[bar.Series] = record.Partition;
        var accepted = new AcceptedBar(
            new SeriesBar(bar.Series, new Bar(bar.Timestamp, bar.Open, bar.High, bar.Low, bar.Close, bar.Volume)),
            record.TopicPartitionOffset, _time.GetUtcNow(), TraceHeaders.Extract(record.Message.Headers), record.Message);
        _batch.Add(accepted);
        _arrivals[(bar.Series, bar.Timestamp)] = accepted;
        _gauges.BarAccepted(bar.Timestamp);
    }

    /// <summary>Forecasts the batch, publishes, waits for delivery, then stores the input offsets; false when it gave up waiting.</summary>
    private bool Publish(IConsumer<string, byte[]> consumer, CancellationToken cancellation)
    {
        foreach (ForecastProcessor processor in _router.Processors)
        {
            _processorBars.Clear();
            _processorIndex.Clear();
            for (int i = 0; i < _batch.Count; i++)
            {
                if (_router.For(_batch[i].Bar.Series) == processor)
                {
                    _processorBars.Add(_batch[i].Bar);
                    _processorIndex.Add(i);
                }
            }

            if (_processorBars.Count == 0)
            {
                continue;
            }

            _forecasts.Clear();
            _scores.Clear();
            _faults.Clear();
            processor.Process(CollectionsMarshal.AsSpan(_processorBars), _forecasts, _scores, _faults);
            foreach (BarFault fault in _faults)
            {
                AcceptedBar bar = _batch[_processorIndex[fault.Index]];
                DeadLetter(bar.Record, bar.Source, new Rejection(Rejection.ForecastFailed, fault.Reason));
            }

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
        if (!AwaitDeliveries(cancellation))
        {
            return false;
        }

        DateTimeOffset delivered = _time.GetUtcNow();
        foreach (AcceptedBar bar in _batch)
        {
            _telemetry.Latency.Record((delivered - bar.ConsumedAt).TotalSeconds);
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
        return true;
    }

    /// <summary>
    /// Waits for every outstanding delivery. Once a stop is requested it waits at most
    /// <see cref="ServeSettings.ShutdownTimeout"/>, then gives up (false): the batch's offsets are not
    /// stored, so whoever consumes next re-processes it.
    /// </summary>
    private bool AwaitDeliveries(CancellationToken cancellation)
    {
        long lastLog = _time.GetTimestamp();
        int outstanding;
        while ((outstanding = _producer.Flush(TimeSpan.FromMilliseconds(200))) > 0)
        {
            _health.Beat();
            if (cancellation.IsCancellationRequested && TimeLeft(cancellation) == TimeSpan.Zero)
            {
                Log.DeliveriesAbandoned(_log, outstanding, _settings.ShutdownTimeout.TotalSeconds);
                return false;
            }

            if (_time.GetElapsedTime(lastLog) > TimeSpan.FromSeconds(10))
            {
                Log.WaitingForDeliveries(_log, outstanding);
                lastLog = _time.GetTimestamp();
            }
        }

        if (_deliveryError is { } error)
        {
            throw new KafkaException(new Error(ErrorCode.Local_Fatal, $"delivery failed, offsets not stored: {error}"));
        }

        return true;
    }

    /// <summary>How much longer deliveries may be awaited once a stop is requested: what is left of the shutdown timeout (all of it before).</summary>
    private TimeSpan TimeLeft(CancellationToken cancellation)
    {
        if (!cancellation.IsCancellationRequested)
        {
            return _settings.ShutdownTimeout;
        }

        _stopRequested ??= _time.GetTimestamp();
        TimeSpan left = _settings.ShutdownTimeout - _time.GetElapsedTime(_stopRequested.Value);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
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

    /// <summary>
    /// Partitions moved to another member (called inside Consume): their bars still in the batch are dropped
    /// unprocessed (the new owner consumes them from the committed offsets), and so is their series' state.
    /// </summary>
    private void Release(IEnumerable<TopicPartition> partitions)
    {
        var gone = partitions.ToHashSet();
        var goneNumbers = gone.Select(p => p.Partition).ToHashSet();
        int purged = _batch.RemoveAll(bar => gone.Contains(bar.Source.TopicPartition));
        foreach (TopicPartition partition in gone)
        {
            _batchOffsets.Remove(partition);
        }

        foreach (string series in _seriesPartition.Where(pair => goneNumbers.Contains(pair.Value)).Select(pair => pair.Key).ToList())
        {
            _router.For(series).Remove(series);
            _seriesPartition.Remove(series);
            _lastTimestamp.Remove(series);
            _gauges.Forget(series);
        }

        Log.Released(_log, string.Join(", ", goneNumbers.Select(p => p.Value)), purged);
    }

    private void OnDelivery(DeliveryReport<string, byte[]> report)
    {
        if (!report.Error.IsError)
        {
            return;
        }

        if (report.Topic == _settings.DeadLetterTopic)
        {
            // A dead letter that cannot be written is logged, never a reason to stop serving good bars.
            Log.DeadLetterFailed(_log, report.Error.Reason);
            return;
        }

        _deliveryError ??= $"{report.TopicPartition}: {report.Error.Reason}";
    }
}
