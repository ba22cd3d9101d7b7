using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Messaging;
using StreamForecast.Predictor.Service.Models;
using StreamForecast.Predictor.Service.Outputs;
using StreamForecast.Predictor.Service.State;
using StreamForecast.Predictor.Service.Telemetry;
using StreamForecast.ServiceDefaults.Health;

namespace StreamForecast.Predictor.Service;

/// <summary>
/// The Kafka service's loop: consumes bars in a consumer group (<see cref="BarIntake"/>: validated, admitted,
/// rejects dead-lettered), forecasts each micro-batch through the same <see cref="ForecastProcessor"/> as the
/// backtest (one batched engine step across series) with the <see cref="OutputPublisher"/> as its sink, and
/// between batches moves the checkpoints on. Every series' state is durable: the <see cref="Checkpointer"/>
/// writes the changed series to the state topic once their outputs are delivered, then commits the input
/// offsets; <see cref="PartitionOwnership"/> restores a member's series on assignment, so a crash, a stop or a
/// rebalance changes no output (duplicates are identical). No record stops it: a bad one is dead-lettered;
/// fatal client errors, undeliverable outputs and unexpected errors stop it with a log line and a clean leave.
/// </summary>
internal sealed class PredictorService : IDisposable
{
    private readonly ServeSettings _settings;
    private readonly PredictorOptions _options;
    private readonly ModelRouter _router;
    private readonly PredictorTelemetry _telemetry;
    private readonly ServiceGauges _gauges;
    private readonly ServiceHealth _health;
    private readonly ReadinessSignals _readiness;
    private readonly ILogger _log;
    private readonly IProducer<string, byte[]> _producer;
    private readonly Checkpointer _checkpointer;
    private readonly OutputPublisher _publisher;
    private readonly BarIntake _intake;
    private readonly PartitionOwnership _ownership;
    private readonly MicroBatch _batch = new();
    private readonly BatchRouting _routing;
    private readonly ChallengerGauges _challengers;
    private readonly ModelFollower _models;
    private readonly Dictionary<int, long> _consumerLag = [];

    public PredictorService(
        ServeSettings settings, ModelRouter router, PredictorTelemetry telemetry, ServiceHealth health, ReadinessSignals readiness, ILogger<PredictorService> log, TimeProvider time)
    {
        KafkaNative.EnsureLoaded();
        _settings = settings;
        _options = settings.Options;
        _router = router;
        _telemetry = telemetry;
        _gauges = new ServiceGauges(telemetry, settings.Forecast.Horizon, _options.SeriesTagLimit, _options.GaugeInterval, time);
        _health = health;
        _readiness = readiness;
        _log = log;
        ProducerConfig producer = settings.Client.ToProducerConfig();
        producer.EnableIdempotence ??= true;
        // Under load the queue fills batches by itself; at low load a record should not wait.
        producer.LingerMs ??= 1;
        producer.CompressionType ??= CompressionType.Lz4;
        producer.BatchSize ??= 1 << 20;
        if (settings.ExactlyOnce)
        {
            producer.TransactionalId ??= $"{_options.Group}-{Guid.NewGuid():N}";
        }

        _producer = new ProducerBuilder<string, byte[]>(producer).Build();
        _publisher = new OutputPublisher(settings, _producer, telemetry, Counters, health.Beat, time, log);
        _checkpointer = new Checkpointer(
            _producer, router.Stores, _options.StateTopic, _options.DeadLetterTopic, _options.CheckpointInterval, _options.CheckpointSlice, settings.ExactlyOnce, time, log, telemetry, _publisher.Delivered);
        _publisher.Checkpoints = _checkpointer;
        _routing = new BatchRouting(router, _publisher);
        telemetry.Challengers = _challengers = new ChallengerGauges(router, settings.Forecast.Horizon);
        _models = new ModelFollower(settings, new ModelUpdates(router, settings.Forecast, telemetry, log), _producer, telemetry, log);
        _intake = new BarIntake(settings, router, _publisher, Counters, telemetry, _gauges, time, log);
        _intake.Started();
        _ownership = new PartitionOwnership(settings, router, _checkpointer, _batch, _producer, health, readiness, telemetry, log);
        Log.SeriesCapacity(log, router.MaxSeries, router.Stores.Max(served => SeriesBudget.PerSeries(served.Store.Layout)), SeriesBudget.Bytes(_options));
    }

    public ServiceCounters Counters { get; } = new();

    /// <summary>Why the service stopped on its own (a fatal error), or null if it was cancelled.</summary>
    public string? StopReason { get; private set; }

    /// <summary>Consumes until cancelled or a fatal error; call on a dedicated thread.</summary>
    public void Run(CancellationToken cancellation)
    {
        try
        {
            if (StateTopic.Ensure(_settings.Client, _options.BarsTopic, _options.StateTopic, TimeSpan.FromSeconds(30), cancellation) is { } problem)
            {
                Stop(problem, null);
                return;
            }

            if (cancellation.IsCancellationRequested)
            {
                return;
            }
        }
        catch (KafkaException ex)
        {
            Stop($"no Kafka broker answered at {_settings.Client.BootstrapServers} within 30 s ({ex.Error.Reason})", null);
            return;
        }

        try
        {
            if (ModelsTopic.Ensure(_settings.Client, _options.ModelsTopic, TimeSpan.FromSeconds(5)) is { } missing)
            {
                ModelsLog.NoTopic(_log, missing);
            }

            // Every model record before any bar: a restart applies them before the same bars as the run before.
            _models.CatchUp(TimeSpan.FromSeconds(30), cancellation);
        }
        catch (KafkaException ex)
        {
            Stop($"reading {_options.ModelsTopic} failed: {ex.Error.Reason}", null);
            return;
        }

        _publisher.LearnOutputTopics(cancellation);
        using IConsumer<string, byte[]> consumer = BuildConsumer();
        _ownership.Consumer = consumer;
        consumer.Subscribe(_options.BarsTopic);
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                _health.Beat();
                _models.Poll();
                if (_intake.Fill(consumer, _batch, cancellation))
                {
                    Process();
                }

                Checkpoints(consumer);
                if (_gauges.Due)
                {
                    StartGauges(consumer);
                    _challengers.Refresh();
                }

                _gauges.Continue(_router.Processors);
                _publisher.Tick();
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
            if (StopReason is null && !_checkpointer.Drain(consumer, _options.ShutdownTimeout))
            {
                Log.DeliveriesAbandoned(_log, _producer.Flush(TimeSpan.Zero), _options.ShutdownTimeout.TotalSeconds);
            }

            StartGauges(consumer);
            _gauges.Continue(_router.Processors, int.MaxValue);
            consumer.Close();
            _ownership.Consumer = null;
        }
    }

    public void Dispose()
    {
        _models.Dispose();
        _producer.Dispose();
        _publisher.Dispose();
    }

    private IConsumer<string, byte[]> BuildConsumer()
    {
        ConsumerConfig config = _settings.Client.ToConsumerConfig();
        foreach (var (name, value) in _settings.ConsumerOverrides)
        {
            config.Set(name, value);
        }

        config.GroupId = _options.Group;
        // Offsets are committed by the checkpoints, after the state that covers them is on the state topic.
        config.EnableAutoCommit = false;
        config.AutoOffsetReset ??= AutoOffsetReset.Earliest;
        config.SessionTimeoutMs ??= 6000;
        // A rebalance moves only the partitions that change owner; the others keep their state.
        config.PartitionAssignmentStrategy ??= PartitionAssignmentStrategy.CooperativeSticky;
        // The statistics say whether a broker answers (readiness); every 5 s unless set.
        config.StatisticsIntervalMs ??= 5000;
        return new ConsumerBuilder<string, byte[]>(config)
            .SetStatisticsHandler((_, json) => _readiness.Statistics(json))
            .SetPartitionsAssignedHandler((_, partitions) => _ownership.Assigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => _ownership.Revoked([.. partitions.Select(p => p.TopicPartition)]))
            .SetPartitionsLostHandler((_, partitions) => _ownership.Lost([.. partitions.Select(p => p.TopicPartition)]))
            .Build();
    }

    private void Stop(string reason, Exception? exception)
    {
        StopReason = reason;
        Log.Stopping(_log, reason, exception);
    }

    /// <summary>
    /// Forecasts the batch through the routes (<see cref="BatchRouting"/>: each processor's bars with the publisher as
    /// its sink, outputs produced as they come, delivered in the background; each bar's rows marked changed at its offset).
    /// </summary>
    private void Process()
    {
        _routing.Process(_batch.Bars);
        foreach (var (partition, last) in _batch.Offsets)
        {
            _checkpointer.Handled(new TopicPartitionOffset(partition, last));
        }

        Counters.Batches++;
        Counters.Bars += _batch.Bars.Count;
        _telemetry.BatchSize.Record(_batch.Bars.Count);
        _batch.Clear();
    }

    /// <summary>
    /// Moves the checkpoints on; cuts one when due, else encodes a slice of the open one. At most a few are in
    /// flight: beyond that the loop waits for deliveries (back-pressure) rather than consume further ahead.
    /// </summary>
    private void Checkpoints(IConsumer<string, byte[]> consumer)
    {
        _checkpointer.Advance(consumer);
        _readiness.Undelivered(_checkpointer.OldestUndeliveredSince);
        if (_checkpointer.Due)
        {
            _checkpointer.Cut(consumer);
        }
        else
        {
            _checkpointer.EncodeSome(consumer);
        }

        while (_checkpointer.InFlight > 4)
        {
            _health.Beat();
            _producer.Flush(TimeSpan.FromMilliseconds(20));
            _checkpointer.Advance(consumer);
        }
    }

    /// <summary>Consumer lag per assigned partition, from the client's cached watermarks (no broker round trip), then a walk of the gauges.</summary>
    private void StartGauges(IConsumer<string, byte[]> consumer)
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

        _telemetry.CheckpointsPending = _checkpointer.InFlight;
        _gauges.Start(_consumerLag, _router.Processors);
    }
}
