using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamForecast.Predictor.Forecasting;
using StreamForecast.Predictor.Telemetry;

namespace StreamForecast.Predictor.State;

/// <summary>
/// Keeps series state and input offsets consistent, Flink-style, without stopping the flow of outputs:
/// outputs are produced into the current <see cref="DeliveryEpoch"/>; every checkpoint interval the epoch is
/// cut (the changed series' states encoded as of that moment, the offsets processed by then noted), and
/// checkpoints then complete in order: states produced once the epoch's outputs are delivered, offsets
/// committed once the states are. Under exactly-once, a cut is one transaction: the epoch's outputs, the
/// states and the offsets commit together. Lives on the consume loop's thread.
/// </summary>
internal sealed class Checkpointer
{
    private readonly IProducer<string, byte[]> _producer;
    private readonly string _topic;
    private readonly string _deadLetterTopic;
    private readonly TimeSpan _interval;
    private readonly bool _transactional;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly PredictorTelemetry _telemetry;
    private readonly Action<DeliveryReport<string, byte[]>> _observe;
    private readonly Dictionary<string, (ForecastProcessor Processor, ulong Fingerprint, int Partition, long Offset)> _dirty = new(StringComparer.Ordinal);
    private readonly Dictionary<TopicPartition, Offset> _positions = [];
    private readonly Queue<Checkpoint> _pending = new();
    private long _lastCut;
    private bool _changed;

    public Checkpointer(
        IProducer<string, byte[]> producer, string topic, string deadLetterTopic, TimeSpan interval, bool transactional, TimeProvider time, ILogger log,
        PredictorTelemetry telemetry, Action<DeliveryReport<string, byte[]>> observe)
    {
        _producer = producer;
        _topic = topic;
        _deadLetterTopic = deadLetterTopic;
        _interval = interval;
        _transactional = transactional;
        _time = time;
        _log = log;
        _telemetry = telemetry;
        _observe = observe;
        _lastCut = time.GetTimestamp();
        Current = new DeliveryEpoch(deadLetterTopic, observe);
        if (transactional)
        {
            _producer.InitTransactions(TimeSpan.FromSeconds(60));
            _producer.BeginTransaction();
        }
    }

    /// <summary>The epoch the outputs produced now belong to.</summary>
    public DeliveryEpoch Current { get; private set; }

    public bool Due => _time.GetElapsedTime(_lastCut) >= _interval;

    /// <summary>Checkpoints cut but not yet committed.</summary>
    public int InFlight => _pending.Count;

    /// <summary>A bar of <paramref name="series"/> at <paramref name="source"/> was applied to its state (its offset is <see cref="Handled"/> separately).</summary>
    public void Applied(string series, ForecastProcessor processor, ulong fingerprint, TopicPartitionOffset source) =>
        _dirty[series] = (processor, fingerprint, source.Partition.Value, source.Offset.Value);

    /// <summary>A record at <paramref name="source"/> is done with (applied, dead-lettered or already in a restored state).</summary>
    public void Handled(TopicPartitionOffset source)
    {
        _positions[source.TopicPartition] = source.Offset + 1;
        _changed = true;
    }

    /// <summary>Ends the current epoch: encodes the changed series' states as of now and notes the offsets; under exactly-once, commits it.</summary>
    public void Cut(IConsumer<string, byte[]> consumer)
    {
        _lastCut = _time.GetTimestamp();
        if (!_changed)
        {
            return;
        }

        _changed = false;
        long started = Stopwatch.GetTimestamp();
        var states = new List<StateRecordToWrite>(_dirty.Count);
        foreach (var (series, (processor, fingerprint, partition, offset)) in _dirty)
        {
            if (processor.TryGetSeries(series, out _))
            {
                byte[] value = SeriesStateCodec.Write(new StateHeader(fingerprint, partition, offset), processor.Snapshot(series), processor.Horizon);
                states.Add(new StateRecordToWrite(series, partition, value));
            }
        }

        var checkpoint = new Checkpoint(Current, states, [.. _positions.Select(pair => new TopicPartitionOffset(pair.Key, pair.Value))]);
        _dirty.Clear();
        Current = new DeliveryEpoch(_deadLetterTopic, _observe);
        _telemetry.CheckpointBytes.Add(checkpoint.Bytes);
        if (_transactional)
        {
            CommitTransaction(consumer, checkpoint);
        }
        else
        {
            _pending.Enqueue(checkpoint);
        }

        _telemetry.CheckpointDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>(TelemetryTags.Phase, "cut"));
    }

    /// <summary>Moves the checkpoints on as far as their deliveries allow, without waiting.</summary>
    /// <exception cref="KafkaException">An output or state record could not be delivered: nothing after it is committed.</exception>
    public void Advance(IConsumer<string, byte[]> consumer)
    {
        while (_pending.TryPeek(out Checkpoint? head))
        {
            if (head.Outputs.Error is { } outputError)
            {
                throw new KafkaException(new Error(ErrorCode.Local_Fatal, $"an output could not be delivered, offsets not committed: {outputError}"));
            }

            if (head.StateDeliveries is null)
            {
                if (head.Outputs.Outstanding > 0)
                {
                    return;
                }

                head.StateDeliveries = new DeliveryEpoch(_deadLetterTopic, _observe);
                foreach (StateRecordToWrite state in head.States)
                {
                    Produce(head.StateDeliveries, state);
                }
            }

            if (head.StateDeliveries.Error is { } stateError)
            {
                throw new KafkaException(new Error(ErrorCode.Local_Fatal, $"a state record could not be delivered, offsets not committed: {stateError}"));
            }

            if (head.StateDeliveries.Outstanding > 0)
            {
                return;
            }

            Commit(consumer, head.Offsets);
            _pending.Dequeue();
        }
    }

    /// <summary>Cuts now and completes every checkpoint, waiting at most <paramref name="timeout"/>; false when time ran out.</summary>
    public bool Drain(IConsumer<string, byte[]> consumer, TimeSpan timeout)
    {
        long started = _time.GetTimestamp();
        Cut(consumer);
        while (true)
        {
            Advance(consumer);
            if (_pending.Count == 0)
            {
                _telemetry.CheckpointDuration.Record(_time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>(TelemetryTags.Phase, "drain"));
                return true;
            }

            TimeSpan left = timeout - _time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            _producer.Flush(left < TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>These partitions are no longer this member's: nothing more is committed for them.</summary>
    public void Forget(IEnumerable<TopicPartition> partitions)
    {
        foreach (TopicPartition partition in partitions)
        {
            _positions.Remove(partition);
        }
    }

    private void Produce(DeliveryEpoch epoch, StateRecordToWrite state)
    {
        var message = new Message<string, byte[]> { Key = state.Series, Value = state.Value };
        var partition = new TopicPartition(_topic, state.Partition);
        while (true)
        {
            epoch.Sending();
            try
            {
                _producer.Produce(partition, message, epoch.Handler);
                return;
            }
            catch (ProduceException<string, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                epoch.Refused();
                _producer.Poll(TimeSpan.FromMilliseconds(10));
            }
            catch
            {
                epoch.Refused();
                throw;
            }
        }
    }

    private void CommitTransaction(IConsumer<string, byte[]> consumer, Checkpoint checkpoint)
    {
        foreach (StateRecordToWrite state in checkpoint.States)
        {
            Produce(checkpoint.Outputs, state);
        }

        TopicPartitionOffset[] offsets = [.. Owned(consumer, checkpoint.Offsets)];
        if (offsets.Length > 0)
        {
            _producer.SendOffsetsToTransaction(offsets, consumer.ConsumerGroupMetadata, TimeSpan.FromSeconds(30));
        }

        _producer.CommitTransaction(TimeSpan.FromSeconds(60));
        _producer.BeginTransaction();
        _telemetry.Transactions.Add(1);
    }

    private void Commit(IConsumer<string, byte[]> consumer, IReadOnlyList<TopicPartitionOffset> offsets)
    {
        TopicPartitionOffset[] owned = [.. Owned(consumer, offsets)];
        if (owned.Length == 0)
        {
            return;
        }

        try
        {
            consumer.Commit(owned);
        }
        catch (KafkaException ex) when (!ex.Error.IsFatal)
        {
            // A rebalance under way and the like: the next checkpoint commits offsets at least as far.
            Log.CommitFailed(_log, ex.Error.Reason);
        }
    }

    private static IEnumerable<TopicPartitionOffset> Owned(IConsumer<string, byte[]> consumer, IEnumerable<TopicPartitionOffset> offsets)
    {
        var assigned = consumer.Assignment.ToHashSet();
        return offsets.Where(offset => assigned.Contains(offset.TopicPartition));
    }
}
