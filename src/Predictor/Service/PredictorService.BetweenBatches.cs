using Confluent.Kafka;

namespace StreamForecast.Predictor.Service;

/// <summary>What the consume loop does between batches: checkpoints (with back-pressure) and the gauges.</summary>
internal sealed partial class PredictorService
{
    /// <summary>
    /// Moves the checkpoints on; cuts one when due, else encodes a slice of the open one. At most a few are in
    /// flight: beyond that the loop waits for deliveries (back-pressure) rather than consume further ahead.
    /// </summary>
    private void Checkpoints(IConsumer<string, byte[]> consumer)
    {
        _checkpointer.Advance(consumer);
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

    /// <summary>Consumer lag per assigned partition, from the client's cached watermarks (no broker round trip), then the gauges.</summary>
    private void RefreshGauges(IConsumer<string, byte[]> consumer)
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
        _gauges.Refresh(_consumerLag, _router.Processors);
    }
}
