using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamForecast.Forecasting.Store;
using StreamForecast.Predictor.Service.Models;
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
    private readonly IReadOnlyList<ServedStore> _stores;
    private readonly List<Queue<int>> _toEncode = [];
    private readonly Dictionary<TopicPartition, Offset> _positions = [];
    private readonly Queue<Checkpoint> _pending = new();
    private readonly StateEncoder _encoder = new();
    private readonly int _slice;
    private IReadOnlyList<TopicPartitionOffset>? _roundOffsets;
    private int _rounds;
    private long _lastCut;
    private bool _changed;

    /// <param name="producer">Produces the state records (and, under exactly-once, owns the transactions).</param>
    /// <param name="stores">Every model's series store, with the fingerprint its records are stamped with and their role (a list that may grow).</param>
    /// <param name="topic">The state topic.</param>
    /// <param name="deadLetterTopic">Failures to write there never fail an epoch.</param>
    /// <param name="interval">How often a checkpoint is cut.</param>
    /// <param name="slice">Series encoded between two batches.</param>
    /// <param name="transactional">Exactly-once: a checkpoint is one transaction.</param>
    /// <param name="time">The clock.</param>
    /// <param name="log">Where it logs.</param>
    /// <param name="telemetry">Its instruments.</param>
    /// <param name="observe">Sees every delivery report.</param>
    public Checkpointer(
        IProducer<string, byte[]> producer, IReadOnlyList<ServedStore> stores, string topic, string deadLetterTopic, TimeSpan interval, int slice,
        bool transactional, TimeProvider time, ILogger log, PredictorTelemetry telemetry, Action<DeliveryReport<string, byte[]>> observe)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slice, 1);
        _stores = stores;
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
        Current = new DeliveryEpoch(deadLetterTopic, observe, time);
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
        while (_toEncode.Count < _stores.Count)
        {
            _toEncode.Add(new Queue<int>());
        }

        for (int s = 0; s < _stores.Count; s++)
        {
            _stores[s].Store.TakeDirty(_toEncode[s]);
        }

        if (_transactional || Queued == 0)
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
        for (int s = 0; s < _toEncode.Count && states.Count < count; s++)
        {
            ServedStore served = _stores[s];
            SeriesStore store = served.Store;
            while (states.Count < count && _toEncode[s].TryDequeue(out int slot))
            {
                // Gone from the store (its partition was lost), or already encoded: nothing to write.
                if (store.TakeIfDirty(slot))
                {
                    byte[] value = _encoder.Encode(served.Fingerprint, store, slot);
                    states.Add(new StateRecordToWrite(served.Key(slot), store.Layout.Partition.At(store.Row(slot)), value));
                }
            }
        }

        IReadOnlyList<TopicPartitionOffset>? offsets = Queued == 0 ? _roundOffsets : null;
        _roundOffsets = offsets is null ? _roundOffsets : null;
        var checkpoint = new Checkpoint(Current, states, offsets);
        Current = new DeliveryEpoch(_deadLetterTopic, _observe, _time);
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

    /// <summary>
    /// When the oldest record not yet delivered (an output, or a checkpoint's state record) was sent, a timestamp
    /// of the clock; null when every record is delivered. Epochs are delivered in order, so it is the first open one's.
    /// </summary>
    public long? OldestUndeliveredSince
    {
        get
        {
            if (_pending.TryPeek(out Checkpoint? head))
            {
                DeliveryEpoch open = head.Outputs.Outstanding > 0 || head.StateDeliveries is null ? head.Outputs : head.StateDeliveries;
                if (open.Outstanding > 0)
                {
                    return open.FirstSent;
                }
            }

            return Current.Outstanding > 0 ? Current.FirstSent : null;
        }
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

                head.StateDeliveries = new DeliveryEpoch(_deadLetterTopic, _observe, _time);
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

    /// <summary>
    /// These partitions are no longer this member's: nothing more is committed for them. Their series leave the
    /// stores (the caller drops them), so no state of theirs is written later, stale to the new owner.
    /// </summary>
    public void Forget(IEnumerable<TopicPartition> partitions)
    {
        foreach (TopicPartition partition in partitions)
        {
            _positions.Remove(partition);
        }
    }

    /// <summary>Series queued for the open checkpoint, over every store.</summary>
    private int Queued
    {
        get
        {
            int queued = 0;
            foreach (Queue<int> queue in _toEncode)
            {
                queued += queue.Count;
            }

            return queued;
        }
    }
}
