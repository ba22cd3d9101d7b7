using Confluent.Kafka;

namespace StreamForecast.Predictor.Service.State;

/// <summary>
/// The records produced between two checkpoints (outputs, dead letters) or the state records of one
/// checkpoint: how many are still undelivered, and the first failure. Delivery reports arrive on the
/// producer's thread; the consume loop reads the count.
/// </summary>
internal sealed class DeliveryEpoch
{
    private readonly string _deadLetterTopic;
    private readonly Action<DeliveryReport<string, byte[]>> _observe;
    private readonly TimeProvider _time;
    private int _outstanding;
    private volatile string? _error;

    /// <param name="deadLetterTopic">Failures on this topic are reported to <paramref name="observe"/> but never fail the epoch.</param>
    /// <param name="observe">Sees every report (latency, counters, logs).</param>
    /// <param name="time">The clock of <see cref="FirstSent"/>.</param>
    public DeliveryEpoch(string deadLetterTopic, Action<DeliveryReport<string, byte[]>> observe, TimeProvider time)
    {
        _deadLetterTopic = deadLetterTopic;
        _observe = observe;
        _time = time;
        Handler = OnDelivery;
    }

    /// <summary>The delivery handler every record of this epoch is produced with.</summary>
    public Action<DeliveryReport<string, byte[]>> Handler { get; }

    public int Outstanding => Volatile.Read(ref _outstanding);

    /// <summary>When the epoch's first record was sent (a timestamp of its clock; 0: none yet): its oldest record.</summary>
    public long FirstSent { get; private set; }

    /// <summary>The first delivery that failed for good (dead letters aside), or null.</summary>
    public string? Error => _error;

    public bool Delivered => Outstanding == 0 && _error is null;

    /// <summary>
    /// Produces <paramref name="message"/> counted in this epoch; while the producer's local queue is full it
    /// polls for deliveries (back-pressure), calling <paramref name="waiting"/> each time.
    /// </summary>
    public void Produce(IProducer<string, byte[]> producer, TopicPartition to, Message<string, byte[]> message, Action? waiting = null)
    {
        while (true)
        {
            Sending();
            try
            {
                producer.Produce(to, message, Handler);
                return;
            }
            catch (ProduceException<string, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                Refused();
                waiting?.Invoke();
                producer.Poll(TimeSpan.FromMilliseconds(10));
            }
            catch
            {
                Refused();
                throw;
            }
        }
    }

    /// <summary>Counts a record about to be produced with <see cref="Handler"/>.</summary>
    public void Sending()
    {
        if (FirstSent == 0)
        {
            FirstSent = _time.GetTimestamp();
        }

        Interlocked.Increment(ref _outstanding);
    }

    /// <summary>A record that <see cref="Sending"/> counted was refused by the producer and will get no report.</summary>
    public void Refused() => Interlocked.Decrement(ref _outstanding);

    private void OnDelivery(DeliveryReport<string, byte[]> report)
    {
        if (report.Error.IsError && report.Topic != _deadLetterTopic)
        {
            _error ??= $"{report.TopicPartition}: {report.Error.Reason}";
        }

        _observe(report);
        Interlocked.Decrement(ref _outstanding);
    }
}
