using System.Text.Json;

namespace StreamForecast.Predictor.Service;

/// <summary>
/// What readiness needs beyond "assigned and restored", gathered from the consume loop and read by the probe:
/// a Kafka broker has answered within <c>Health:BrokerTimeout</c> (the consumer's statistics say a broker is up),
/// the member has not lost its partitions (the group moved on without it), and the oldest output not yet
/// delivered is younger than <c>Health:UndeliveredAge</c>. The gauges read the same values.
/// </summary>
internal sealed class ReadinessSignals(TimeProvider time, TimeSpan brokerTimeout, TimeSpan undeliveredAge)
{
    private long _brokerAnswered = time.GetTimestamp();
    private long _undeliveredSince;
    private volatile bool _lost;

    /// <summary>Seconds since a broker last answered.</summary>
    public double BrokerSilence => time.GetElapsedTime(Volatile.Read(ref _brokerAnswered)).TotalSeconds;

    /// <summary>Seconds the oldest undelivered output has waited (0: none).</summary>
    public double UndeliveredAge => Volatile.Read(ref _undeliveredSince) is var since and not 0 ? time.GetElapsedTime(since).TotalSeconds : 0;

    /// <summary>1 while the member's partitions are lost and it has no new assignment.</summary>
    public int PartitionsLost => _lost ? 1 : 0;

    /// <summary>A broker answered just now.</summary>
    public void BrokerAnswered() => Volatile.Write(ref _brokerAnswered, time.GetTimestamp());

    /// <summary>The consumer's statistics (JSON): a broker in state UP has answered.</summary>
    public void Statistics(string json)
    {
        using JsonDocument statistics = JsonDocument.Parse(json);
        if (statistics.RootElement.TryGetProperty("brokers", out JsonElement brokers) &&
            brokers.EnumerateObject().Any(broker => broker.Value.TryGetProperty("nodeid", out JsonElement id) && id.GetInt32() >= 0 &&
                broker.Value.TryGetProperty("state", out JsonElement state) && state.ValueEquals("UP")))
        {
            BrokerAnswered();
        }
    }

    public void Lost() => _lost = true;

    public void Assigned() => _lost = false;

    /// <summary>When the oldest output not yet delivered was sent (a timestamp of the clock), or null when all are.</summary>
    public void Undelivered(long? since) => Volatile.Write(ref _undeliveredSince, since ?? 0);

    /// <summary>Why the service is not ready, or null.</summary>
    public string? Problem()
    {
        if (BrokerSilence > brokerTimeout.TotalSeconds)
        {
            return $"no Kafka broker has answered for {BrokerSilence:F0} s (Health:BrokerTimeout {brokerTimeout.TotalSeconds:F0} s)";
        }

        if (_lost)
        {
            return "this member lost its partitions (the group moved on without it) and holds none until it rejoins";
        }

        return UndeliveredAge > undeliveredAge.TotalSeconds
            ? $"the oldest undelivered output has waited {UndeliveredAge:F0} s (Health:UndeliveredAge {undeliveredAge.TotalSeconds:F0} s)"
            : null;
    }
}
