using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamForecast.Forecasting.Store;
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
    ReadinessSignals readiness, PredictorTelemetry telemetry, ILogger log)
{
    /// <summary>The consumer while the loop runs (a revocation's checkpoint commits through it).</summary>
    public IConsumer<string, byte[]>? Consumer { get; set; }

    /// <summary>
    /// New partitions: every series of their state partitions is restored as its records are read (the newest
    /// of each series wins), so the member is ready only once it continues exactly where the last owner's
    /// checkpoint left off.
    /// </summary>
    public void Assigned(List<TopicPartition> partitions)
    {
        health.SetNotReady("restoring series state");
        long started = Stopwatch.GetTimestamp();
        var outcome = new RestoreOutcome();
        try
        {
            // The restore beats the liveness heart as it reads: many series are progress, not a stall (a probe must not
            // kill the pod mid-restore); a read that stops progressing fails within its timeout instead.
            StateLoader.Read(settings.Client, settings.Options.StateTopic, partitions.Select(p => p.Partition.Value), TimeSpan.FromSeconds(60), (series, value) => Restore(series, value, outcome), health.Beat);
        }
        catch (KafkaException ex)
        {
            // Not a consume error to go on from: the assignment would never complete. The service stops (and restarts).
            throw new InvalidOperationException($"restoring the series of partitions {string.Join(", ", partitions.Select(p => p.Partition.Value))} failed: {ex.Error.Reason}", ex);
        }

        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        telemetry.RestoreDuration.Record(seconds);
        telemetry.SeriesRestored.Add(outcome.RestoredCount);
        foreach (string code in outcome.Refusals)
        {
            telemetry.SeriesStartedFresh.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Reason, code));
        }

        Log.Assigned(log, string.Join(", ", partitions.Select(p => p.Partition.Value)), outcome.RestoredCount, outcome.Refusals.Count, outcome.Stale, seconds);
        readiness.Assigned();
        health.SetReady();
    }

    /// <summary>
    /// Restores one series from its record. Of two copies of a series' state the more recent wins whatever the read
    /// order (an older one is logged and ignored); an empty record (a tombstone) deletes it, logged and counted; a
    /// record of another model or a corrupt one starts the series fresh. Beyond the series limit the most recently
    /// active series are kept: a record more recent than the least recent series held takes its place.
    /// </summary>
    public void Restore(string series, ReadOnlySpan<byte> value, RestoreOutcome outcome)
    {
        var processor = router.For(series);
        SeriesStore store = processor.Store;
        bool held = store.TryGet(series, out int slot);
        if (value.IsEmpty)
        {
            store.Remove(series);
            outcome.Note(series, StateRecord.Deleted);
            Log.StateRefused(log, $"state of {series} deleted by a tombstone on the state topic");
            return;
        }

        if (!StateRecord.TryRead(series, value, store.Layout, out StateRecordView record, out var refused))
        {
            StartFresh(store, series, refused, outcome);
            return;
        }

        var recency = StateRecord.Recency(record.Layout, record.Row);
        if (held && StateRecord.IsOlder(recency, StateRecord.Recency(store.Layout, store.Row(slot))))
        {
            outcome.Stale++;
            Log.StaleState(log, series, recency.LastBar, store.Layout.LastTime.Get(store.Row(slot)));
            return;
        }

        if (!held && router.SeriesCount >= router.MaxSeries && !outcome.MakeRoom(router, recency, log))
        {
            outcome.Note(series, StateRecord.SeriesLimit);
            Log.StateRefused(log, $"state of {series}: this instance already holds Predictor:MaxSeries = {router.MaxSeries} more recently active series");
            return;
        }

        if (StateRecord.TryRestore(series, record, router.Fingerprint(processor), store, out refused))
        {
            outcome.Note(series, refusal: null);
            outcome.Restored(store, series);
            return;
        }

        StartFresh(store, series, refused, outcome);
    }

    /// <summary>A record not applied: the series starts fresh, dropping whatever an earlier record restored.</summary>
    private void StartFresh(SeriesStore store, string series, (string Code, string Detail) refused, RestoreOutcome outcome)
    {
        store.Remove(series);
        outcome.Note(series, refused.Code);
        Log.StateRefused(log, refused.Detail);
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
        readiness.Lost();
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
