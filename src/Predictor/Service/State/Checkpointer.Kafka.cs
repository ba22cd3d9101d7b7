using Confluent.Kafka;
using StreamForecast.Predictor.Service.Telemetry;

namespace StreamForecast.Predictor.Service.State;

/// <summary>The checkpointer's Kafka calls: state records produced, offsets committed, transactions.</summary>
internal sealed partial class Checkpointer
{
    private void Produce(DeliveryEpoch epoch, StateRecordToWrite state) =>
        epoch.Produce(_producer, new TopicPartition(_topic, state.Partition), new Message<string, byte[]> { Key = state.Series, Value = state.Value });

    private void CommitTransaction(IConsumer<string, byte[]> consumer, Checkpoint checkpoint)
    {
        foreach (StateRecordToWrite state in checkpoint.States)
        {
            Produce(checkpoint.Outputs, state);
            _encoder.Return(state.Value);
        }

        TopicPartitionOffset[] offsets = [.. Owned(consumer, checkpoint.Offsets ?? [])];
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
