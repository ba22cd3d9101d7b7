using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Predictor.Service.Telemetry;

namespace StreamForecast.Predictor.Service.State;

/// <summary>
/// Keeps series state and input offsets consistent, Flink-style, without stopping the flow of outputs:
/// outputs are produced into the current <see cref="DeliveryEpoch"/>; every checkpoint interval a checkpoint
/// is cut (the offsets processed by then noted, the changed series queued), its states are encoded a slice at
/// a time between batches, each slice ending an epoch, and slices then complete in order: states produced
/// once their epoch's outputs are delivered, the offsets committed once the last slice's states are. Under
/// exactly-once, a cut is one transaction: the epoch's outputs, the states and the offsets commit together.
/// Lives on the consume loop's thread.
/// </summary>
internal sealed partial class Checkpointer
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
    private readonly Queue<string> _toEncode = new();
    private readonly StateEncoder _encoder = new();
    private readonly int _slice;
    private IReadOnlyList<TopicPartitionOffset>? _roundOffsets;
    private int _rounds;
    private long _lastCut;
    private bool _changed;

    public Checkpointer(
        IProducer<string, byte[]> producer, string topic, string deadLetterTopic, TimeSpan interval, int slice, bool transactional, TimeProvider time, ILogger log,
        PredictorTelemetry telemetry, Action<DeliveryReport<string, byte[]>> observe)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slice, 1);
        _slice = slice;
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

    /// <summary>Checkpoints cut whose offsets are not committed yet (the one still being encoded included).</summary>
    public int InFlight => _rounds;

    /// <summary>A bar of <paramref name="series"/> at <paramref name="source"/> was applied to its state (its offset is <see cref="Handled"/> separately).</summary>
    public void Applied(string series, ForecastProcessor processor, ulong fingerprint, TopicPartitionOffset source) =>
        _dirty[series] = (processor, fingerprint, source.Partition.Value, source.Offset.Value);

    /// <summary>A record at <paramref name="source"/> is done with (applied, dead-lettered or already in a restored state).</summary>
    public void Handled(TopicPartitionOffset source)
    {
        _positions[source.TopicPartition] = source.Offset + 1;
        _changed = true;
    }

    /// <summary>
    /// Starts a checkpoint: notes the offsets processed by now and queues the series changed since the last
    /// one. Their states are encoded a slice at a time between batches (<see cref="EncodeSome"/>), so that a
    /// checkpoint of many series does not stall the flow; each slice ends an epoch, and the offsets go with
    /// the last slice. A state encoded after the cut holds later bars too, which is safe: a restore skips the
    /// bars a state holds. A checkpoint still being encoded is finished first. Under exactly-once, the
    /// whole checkpoint is encoded now and committed as one transaction.
    /// </summary>
    public void Cut(IConsumer<string, byte[]> consumer)
    {
        _lastCut = _time.GetTimestamp();
        EncodeSlice(consumer, int.MaxValue);
        if (!_changed)
        {
            return;
        }

        _changed = false;
        _roundOffsets = [.. _positions.Select(pair => new TopicPartitionOffset(pair.Key, pair.Value))];
        _rounds++;
        foreach (string series in _dirty.Keys)
        {
            _toEncode.Enqueue(series);
        }

        if (_transactional || _toEncode.Count == 0)
        {
            EncodeSlice(consumer, int.MaxValue);
        }
    }

    /// <summary>Encodes the next slice of the open checkpoint: at most <c>slice</c> series (32 by default, about 2 ms of work here).</summary>
    public void EncodeSome(IConsumer<string, byte[]> consumer) => EncodeSlice(consumer, _slice);

    /// <summary>Encodes up to <paramref name="count"/> queued series and ends the epoch with them; the last slice carries the offsets.</summary>
    private void EncodeSlice(IConsumer<string, byte[]> consumer, int count)
    {
        if (_roundOffsets is null)
        {
            return;
        }

        long started = Stopwatch.GetTimestamp();
        var states = new List<StateRecordToWrite>();
        while (states.Count < count && _toEncode.TryDequeue(out string? series))
        {
            // Gone from the processor (its partition was lost), or already encoded: nothing to write.
            if (_dirty.Remove(series, out var entry) && entry.Processor.TryGetSeries(series, out _))
            {
                byte[] value = _encoder.Encode(new StateHeader(entry.Fingerprint, entry.Partition, entry.Offset), entry.Processor.Snapshot(series), entry.Processor.Horizon);
                states.Add(new StateRecordToWrite(series, entry.Partition, value));
            }
        }

        IReadOnlyList<TopicPartitionOffset>? offsets = _toEncode.Count == 0 ? _roundOffsets : null;
        _roundOffsets = offsets is null ? _roundOffsets : null;
        var checkpoint = new Checkpoint(Current, states, offsets);
        Current = new DeliveryEpoch(_deadLetterTopic, _observe);
        _telemetry.CheckpointBytes.Add(checkpoint.Bytes);
        if (_transactional)
        {
            CommitTransaction(consumer, checkpoint);
            _rounds--;
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
                    _encoder.Return(state.Value);
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

            if (head.Offsets is { } offsets)
            {
                Commit(consumer, offsets);
                _rounds--;
            }

            _pending.Dequeue();
        }
    }

    /// <summary>Cuts now and completes every checkpoint, waiting at most <paramref name="timeout"/>; false when time ran out.</summary>
    public bool Drain(IConsumer<string, byte[]> consumer, TimeSpan timeout)
    {
        long started = _time.GetTimestamp();
        Cut(consumer);
        EncodeSlice(consumer, int.MaxValue);
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
        var gone = new HashSet<int>();
        foreach (TopicPartition partition in partitions)
        {
            _positions.Remove(partition);
            gone.Add(partition.Partition.Value);
        }

        // Their series leave this member: a state of theirs written later would be stale to the new owner.
        foreach (string series in _dirty.Where(pair => gone.Contains(pair.Value.Partition)).Select(pair => pair.Key).ToList())
        {
            _dirty.Remove(series);
        }
    }
}
