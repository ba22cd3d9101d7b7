using Confluent.Kafka;

namespace StreamForecast.Predictor.Service;

/// <summary>The bars taken from the consumer for one round of processing, and the last offset it read of each partition.</summary>
internal sealed class MicroBatch
{
    public List<AcceptedBar> Bars { get; } = [];

    /// <summary>The last offset consumed per partition (every record, accepted or not).</summary>
    public Dictionary<TopicPartition, Offset> Offsets { get; } = [];

    public bool IsEmpty => Offsets.Count == 0;

    public void Clear()
    {
        Bars.Clear();
        Offsets.Clear();
    }

    /// <summary>Leaves the bars of these partitions to their new owner; how many there were.</summary>
    public int Purge(IReadOnlyCollection<TopicPartition> partitions)
    {
        foreach (TopicPartition partition in partitions)
        {
            Offsets.Remove(partition);
        }

        return Bars.RemoveAll(bar => partitions.Contains(bar.Source.TopicPartition));
    }
}
