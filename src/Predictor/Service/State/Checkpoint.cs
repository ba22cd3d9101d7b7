using Confluent.Kafka;

namespace StreamForecast.Predictor.Service.State;

/// <summary>
/// One slice of a checkpoint: state records encoded at the end of its epoch and, on the checkpoint's last
/// slice, the input offsets processed at its cut. Its states are produced only once every output of its
/// epoch (and of every epoch before) is delivered, and the offsets committed only once the states are: a
/// state record on the topic never claims a bar whose outputs could still be lost.
/// </summary>
internal sealed class Checkpoint(DeliveryEpoch outputs, IReadOnlyList<StateRecordToWrite> states, IReadOnlyList<TopicPartitionOffset>? offsets)
{
    public DeliveryEpoch Outputs { get; } = outputs;

    public IReadOnlyList<StateRecordToWrite> States { get; } = states;

    /// <summary>The offsets to commit once this slice's states are delivered; null on a checkpoint's earlier slices.</summary>
    public IReadOnlyList<TopicPartitionOffset>? Offsets { get; } = offsets;

    /// <summary>The state records' own deliveries, once produced.</summary>
    public DeliveryEpoch? StateDeliveries { get; set; }

    public long Bytes => States.Sum(state => (long)state.Value.Length);
}

/// <summary>A series' encoded state and the partition it goes to (the one its bars come from).</summary>
internal sealed record StateRecordToWrite(string Series, int Partition, byte[] Value);
