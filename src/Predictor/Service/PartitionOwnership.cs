using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamForecast.Contracts;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Rollout;
using StreamForecast.Forecasting.Store;
using StreamForecast.Predictor.Service.Models;
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
    /// Restores one series' row from its record (<c>SERIES</c>: the served row; <c>SERIES#challenger</c>: the
    /// challenger's in shadow) into the store of the model whose fingerprint it carries. Of two copies of a row the
    /// more recent wins whatever the read order and whichever of the route's served stores holds it (an older one is
    /// logged and ignored); a served row of the challenger's model supersedes its row in shadow (it was promoted), and
    /// a row in shadow of what is now the champion's model serves (promoted by a later champion record). An empty
    /// record (a tombstone) deletes the row, logged and counted; a served row of another model or a corrupt one starts
    /// the series fresh; a shadow row of a model no longer challenging is dropped. Beyond the series limit the most
    /// recently active series are kept: a record more recent than the least recent series held takes its place.
    /// </summary>
    public void Restore(string key, ReadOnlySpan<byte> value, RestoreOutcome outcome)
    {
        var (series, shadow) = ServedStore.ParseKey(key);
        RouteModels models = router.RouteOf(series).Models;
        if (value.IsEmpty)
        {
            Remove(models, series, shadow);

            outcome.Note(key, StateRecord.Deleted);
            Log.StateRefused(log, $"state of {key} deleted by a tombstone on the state topic");
            return;
        }

        if (!StateRecord.TryRead(series, value, models.Champion.Store.Layout, out StateRecordView record, out var refused))
        {
            StartFresh(models, series, shadow, refused, outcome);
            return;
        }

        var recency = StateRecord.Recency(record.Layout, record.Row);
        ForecastProcessor? target = Target(models, record.Fingerprint, shadow);
        if (target is null || IsStale(models, target, series, recency))
        {
            if (target is null && !shadow && !HeldNewer(models, series, recency))
            {
                StartFresh(models, series, shadow, (StateRecord.OtherModel, $"state of {series} belongs to model fingerprint {record.Fingerprint:x16}, which no route serves now"), outcome);
            }
            else
            {
                outcome.Stale++;
                long held = models.Processors.Select(p => p.Store.TryGet(series, out int slot) ? p.Store.Layout.LastTime.Get(p.Store.Row(slot)) : long.MinValue).Max();
                Log.StaleState(log, key, recency.LastBar, held);
            }

            return;
        }

        SeriesStore store = target.Store;
        bool serving = target != models.Shadow;
        if (serving && !store.TryGet(series, out _) && router.SeriesCount >= router.MaxSeries && !outcome.MakeRoom(router, recency, log))
        {
            outcome.Note(series, StateRecord.SeriesLimit);
            Log.StateRefused(log, $"state of {series}: this instance already holds Predictor:MaxSeries = {router.MaxSeries} more recently active series");
            return;
        }

        if (StateRecord.TryRestore(series, record, router.Fingerprint(target), store, out refused))
        {
            if (serving && models.Shadow is { } shadowed)
            {
                // The route's other served row and a row in shadow are older: this one replaced them.
                (target == models.Champion ? models.Promoted! : models.Champion).Store.Remove(series);
                shadowed.Store.Remove(series);
            }

            outcome.Note(key, refusal: null);
            outcome.Restored(store, series);
            return;
        }

        StartFresh(models, series, shadow, refused, outcome);
    }

    /// <summary>Where a record of <paramref name="fingerprint"/> goes: see <see cref="Restore"/>; null when no processor of the route takes it.</summary>
    private ForecastProcessor? Target(RouteModels models, ulong fingerprint, bool shadow)
    {
        ForecastProcessor? Of(ForecastProcessor? processor) => processor is not null && router.Fingerprint(processor) == fingerprint ? processor : null;
        return shadow ? Of(models.Shadow) ?? Of(models.Champion) : Of(models.Champion) ?? Of(models.Promoted);
    }

    /// <summary>Whether a row the route holds for the series supersedes a record for <paramref name="target"/>.</summary>
    private static bool IsStale(RouteModels models, ForecastProcessor target, string series, (long LastBar, long Offset) recency) =>
        target == models.Shadow
            ? models.Promoted!.Store.TryGet(series, out _) || HeldNewer(target, series, recency)
            : HeldNewer(models, series, recency);

    /// <summary>Whether a served row of the route is more recent than <paramref name="recency"/>.</summary>
    private static bool HeldNewer(RouteModels models, string series, (long LastBar, long Offset) recency) =>
        HeldNewer(models.Champion, series, recency) || (models.Promoted is { } promoted && HeldNewer(promoted, series, recency));

    private static bool HeldNewer(ForecastProcessor processor, string series, (long LastBar, long Offset) recency) =>
        processor.Store.TryGet(series, out int slot) && StateRecord.IsOlder(recency, StateRecord.Recency(processor.Store.Layout, processor.Store.Row(slot)));

    /// <summary>Removes the series' shadow row, or its served rows.</summary>
    private static void Remove(RouteModels models, string series, bool shadow)
    {
        if (shadow)
        {
            models.Shadow?.Store.Remove(series);
            return;
        }

        models.Champion.Store.Remove(series);
        models.Promoted?.Store.Remove(series);
    }

    /// <summary>A record not applied: the row starts fresh, dropping whatever an earlier record restored.</summary>
    private void StartFresh(RouteModels models, string series, bool shadow, (string Code, string Detail) refused, RestoreOutcome outcome)
    {
        Remove(models, series, shadow);

        outcome.Note(shadow ? series + ChallengerRecords.KeySuffix : series, refused.Code);
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
        foreach (ServedStore served in router.Stores)
        {
            SeriesStore store = served.Store;
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
