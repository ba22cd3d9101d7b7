using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamForecast.Contracts;
using StreamForecast.Messaging;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Predictor.Service.Outputs;
using StreamForecast.Forecasting.Scoring;
using StreamForecast.Predictor.Service.State;
using StreamForecast.Predictor.Service.Telemetry;
using StreamForecast.ServiceDefaults.Health;

namespace StreamForecast.Predictor.Service;

/// <summary>
/// The Kafka service: consumes bars in a consumer group, validates them (rejects go to the dead-letter
/// topic with the reason), forecasts each micro-batch through the same <see cref="ForecastProcessor"/>
/// as the backtest (one batched engine step across series) and publishes Predictions and Scores without
/// waiting for them. Every series' state is durable: a <see cref="Checkpointer"/> writes the changed
/// series to the state topic once their outputs are delivered, then commits the input offsets; a member
/// that gets a partition restores its series first and skips the bars their state already holds, so a
/// crash, a stop or a rebalance changes no output (duplicates are identical). No record stops it: a bad
/// one is dead-lettered; fatal client errors, undeliverable outputs and unexpected errors stop it with a
/// log line and a clean group leave.
/// </summary>
internal sealed partial class PredictorService : IDisposable
{
    private static readonly byte[] PredictionSchema = Encoding.UTF8.GetBytes(Schemas.PredictionId);
    private static readonly byte[] ScoreSchema = Encoding.UTF8.GetBytes(Schemas.ScoreId);
    private static readonly byte[] MetricsSchema = Encoding.UTF8.GetBytes(Schemas.MetricsId);

    private readonly ServeSettings _settings;
    private readonly ModelRouter _router;
    private readonly PredictorTelemetry _telemetry;
    private readonly ServiceGauges _gauges;
    private readonly ServiceHealth _health;
    private readonly Action _beat; // one delegate for every send that waits, not one per record
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly IProducer<string, byte[]> _producer;
    private readonly Checkpointer _checkpointer;
    private readonly Dictionary<string, long> _lastTimestamp = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Partition> _seriesPartition = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _restoredOffset = new(StringComparer.Ordinal);
    private readonly List<AcceptedBar> _batch = [];
    private readonly Dictionary<(string Series, long Timestamp), AcceptedBar> _arrivals = [];
    private readonly Dictionary<TopicPartition, Offset> _batchOffsets = [];
    private readonly List<SeriesBar> _processorBars = [];
    private readonly List<int> _processorIndex = [];
    private readonly List<Forecast> _forecasts = [];
    private readonly List<BarScores> _scores = [];
    private readonly List<BarFault> _faults = [];
    private readonly List<MetricsSnapshot> _metrics = [];
    private readonly OutputJson _json = new();
    private readonly string _processSpan;
    private readonly string _publishSpan;
    private readonly string _deadLetterSpan;
    private readonly Dictionary<int, long> _consumerLag = [];
    private IConsumer<string, byte[]>? _consumer;

    public PredictorService(ServeSettings settings, ModelRouter router, PredictorTelemetry telemetry, ServiceHealth health, ILogger<PredictorService> log, TimeProvider time)
    {
        KafkaNative.EnsureLoaded();
        _settings = settings;
        _router = router;
        _telemetry = telemetry;
        _gauges = new ServiceGauges(telemetry, settings.Forecast.Horizon, settings.SeriesTagLimit, settings.GaugeInterval, time);
        _health = health;
        _beat = health.Beat;
        _log = log;
        _time = time;
        (_processSpan, _publishSpan, _deadLetterSpan) = ($"process {settings.BarsTopic}", $"publish {settings.PredictionsTopic}", $"dead-letter {settings.BarsTopic}");
        ProducerConfig producer = settings.Client.ToProducerConfig();
        producer.EnableIdempotence ??= true;
        // Under load the queue fills batches by itself; at low load a record should not wait.
        producer.LingerMs ??= 1;
        producer.CompressionType ??= CompressionType.Lz4;
        producer.BatchSize ??= 1 << 20;
        if (settings.ExactlyOnce)
        {
            producer.TransactionalId ??= $"{settings.GroupId}-{Guid.NewGuid():N}";
        }

        _producer = new ProducerBuilder<string, byte[]>(producer).Build();
        _checkpointer = new Checkpointer(_producer, settings.StateTopic, settings.DeadLetterTopic, settings.CheckpointInterval, settings.CheckpointSlice, settings.ExactlyOnce, time, log, telemetry, Delivered);
    }

    public ServiceCounters Counters { get; } = new();

    /// <summary>Why the service stopped on its own (a fatal error), or null if it was cancelled.</summary>
    public string? StopReason { get; private set; }

    /// <summary>Consumes until cancelled or a fatal error; call on a dedicated thread.</summary>
    public void Run(CancellationToken cancellation)
    {
        try
        {
            if (StateTopic.Ensure(_settings.Client, _settings.BarsTopic, _settings.StateTopic, TimeSpan.FromSeconds(30)) is { } problem)
            {
                Stop(problem, null);
                return;
            }
        }
        catch (KafkaException ex)
        {
            Stop($"cannot check the state topic: {ex.Error.Reason}", null);
            return;
        }

        LearnOutputTopics();
        ConsumerConfig config = _settings.Client.ToConsumerConfig();
        foreach (var (name, value) in _settings.ConsumerOverrides)
        {
            config.Set(name, value);
        }

        config.GroupId = _settings.GroupId;
        // Offsets are committed by the checkpoints, after the state that covers them is on the state topic.
        config.EnableAutoCommit = false;
        config.AutoOffsetReset ??= AutoOffsetReset.Earliest;
        config.SessionTimeoutMs ??= 6000;
        // A rebalance moves only the partitions that change owner; the others keep their state.
        config.PartitionAssignmentStrategy ??= PartitionAssignmentStrategy.CooperativeSticky;
        using IConsumer<string, byte[]> consumer = new ConsumerBuilder<string, byte[]>(config)
            .SetPartitionsAssignedHandler((_, partitions) => Assigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => Revoked(partitions.Select(p => p.TopicPartition).ToList()))
            .SetPartitionsLostHandler((_, partitions) => Lost(partitions.Select(p => p.TopicPartition).ToList()))
            .Build();
        _consumer = consumer;
        consumer.Subscribe(_settings.BarsTopic);
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                _health.Beat();
                if (Fill(consumer, cancellation))
                {
                    Process();
                }

                Checkpoints(consumer);
                if (_gauges.Due)
                {
                    RefreshGauges(consumer);
                }
            }
        }
        catch (KafkaException ex)
        {
            // Fatal client errors, or outputs that could not be delivered: stop without committing
            // anything more, so whoever consumes next re-processes the rest from the last checkpoint.
            Stop(ex.Error.Reason, null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Stop($"{ex.GetType().Name}: {ex.Message}", ex);
        }
        finally
        {
            _health.SetNotReady("stopping");
            if (StopReason is null && !_checkpointer.Drain(consumer, _settings.ShutdownTimeout))
            {
                Log.DeliveriesAbandoned(_log, _producer.Flush(TimeSpan.Zero), _settings.ShutdownTimeout.TotalSeconds);
            }

            RefreshGauges(consumer);
            consumer.Close();
            _consumer = null;
        }
    }

    public void Dispose()
    {
        _producer.Dispose();
        _json.Dispose();
    }

    private void Stop(string reason, Exception? exception)
    {
        StopReason = reason;
        Log.Stopping(_log, reason, exception);
    }

    /// <summary>Forecasts the batch and produces its outputs (delivered in the background); the checkpointer learns what was applied.</summary>
    private void Process()
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
            _metrics.Clear();
            processor.Process(CollectionsMarshal.AsSpan(_processorBars), _forecasts, _scores, _faults, _metrics);
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

            foreach (MetricsSnapshot metrics in _metrics)
            {
                PublishMetrics(metrics);
            }

            ulong fingerprint = _router.Fingerprint(processor);
            foreach (int index in _processorIndex)
            {
                _checkpointer.Applied(_batch[index].Bar.Series, processor, fingerprint, _batch[index].Source);
            }
        }

        foreach (var (partition, last) in _batchOffsets)
        {
            _checkpointer.Handled(new TopicPartitionOffset(partition, last));
        }

        Counters.Batches++;
        Counters.Bars += _batch.Count;
        _telemetry.BatchSize.Record(_batch.Count);
        _batch.Clear();
        _batchOffsets.Clear();
    }
}
