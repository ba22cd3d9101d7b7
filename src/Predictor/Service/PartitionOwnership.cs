using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamForecast.Predictor.Service.State;
using StreamForecast.Predictor.Service.Telemetry;
using StreamForecast.ServiceDefaults.Health;

namespace StreamForecast.Predictor.Service;

/// <summary>
/// Series follow partitions, in this one place: on assignment every series of the new partitions is restored
/// from the state topic into its model's store before any of their bars; on revocation every change is
/// checkpointed while the partitions are still ours, then their series leave the stores; on loss they just leave.
/// Runs inside Consume, on the consume loop's thread.
/// </summary>
internal sealed class PartitionOwnership(
    ServeSettings settings, ModelRouter router, Checkpointer checkpointer, MicroBatch batch, IProducer<string, byte[]> producer, ServiceHealth health,
    PredictorTelemetry telemetry, ILogger log)
{
    /// <summary>The consumer while the loop runs (a revocation's checkpoint commits through it).</summary>
    public IConsumer<string, byte[]>? Consumer { get; set; }

    /// <summary>
    /// New partitions: every series of their state partitions is read to the end and restored, so the member
    /// is ready only once it continues exactly where the last owner's checkpoint left off.
    /// </summary>
    public void Assigned(List<TopicPartition> partitions)
    {
        health.SetNotReady("restoring series state");
        long started = Stopwatch.GetTimestamp();
        Dictionary<string, byte[]> records = StateLoader.Read(settings.Client, settings.Options.StateTopic, partitions.Select(p => p.Partition.Value), TimeSpan.FromSeconds(60));
        int restored = Restore(records);
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        telemetry.RestoreDuration.Record(seconds);
        Log.Assigned(log, string.Join(", ", partitions.Select(p => p.Partition.Value)), restored, records.Count - restored, seconds);
        health.SetReady();
    }

    /// <summary>Restores state records into the stores; a record of another model, a corrupt one or one beyond the series limit starts its series fresh.</summary>
    /// <returns>How many series were restored.</returns>
    public int Restore(IReadOnlyDictionary<string, byte[]> records)
    {
        int restored = 0;
        foreach (var (series, value) in records)
        {
            var processor = router.For(series);
            bool room = processor.Store.TryGet(series, out _) || router.SeriesCount < router.MaxSeries;
            (string Code, string Detail) refused = (StateRecord.SeriesLimit, $"state of {series}: this instance already holds Predictor:MaxSeries = {router.MaxSeries} series");
            if (!room || !StateRecord.TryRestore(series, value, router.Fingerprint(processor), processor.Store, out refused))
            {
                telemetry.SeriesStartedFresh.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Reason, refused.Code));
                Log.StateRefused(log, refused.Detail);
                continue;
            }

            restored++;
        }

        telemetry.SeriesRestored.Add(restored);
        return restored;
    }

    /// <summary>
    /// Partitions moving to another member: their bars still in the batch are left to the new owner, every
    /// change so far is checkpointed and committed while they are still ours, then their series are dropped here.
    /// </summary>
    public void Revoked(List<TopicPartition> partitions)
    {
        int purged = batch.Purge(partitions);
        if (Consumer is { } consumer && !checkpointer.Drain(consumer, settings.Options.ShutdownTimeout))
        {
            Log.DeliveriesAbandoned(log, producer.Flush(TimeSpan.Zero), settings.Options.ShutdownTimeout.TotalSeconds);
        }

        Drop(partitions);
        Log.Released(log, string.Join(", ", partitions.Select(p => p.Partition.Value)), purged);
    }

    /// <summary>Partitions lost (the group moved on without us): nothing can be committed for them any more; their series are dropped.</summary>
    public void Lost(List<TopicPartition> partitions)
    {
        int purged = batch.Purge(partitions);
        Drop(partitions);
        Log.Released(log, string.Join(", ", partitions.Select(p => p.Partition.Value)), purged);
    }

    private void Drop(List<TopicPartition> partitions)
    {
        checkpointer.Forget(partitions);
        var gone = partitions.Select(p => p.Partition.Value).ToHashSet();
        foreach (var (store, _) in router.Stores)
        {
            var leaving = new List<string>();
            for (int slot = 0; slot < store.SlotLimit; slot++)
            {
                if (store.InUse(slot) && gone.Contains(store.Layout.Partition.At(store.Row(slot))))
                {
                    leaving.Add(store.Name(slot));
                }
            }

            leaving.ForEach(series => store.Remove(series));
        }
    }
}
