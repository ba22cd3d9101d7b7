using System.Diagnostics;
using Confluent.Kafka;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Predictor.Service.State;
using StreamForecast.Predictor.Service.Telemetry;

namespace StreamForecast.Predictor.Service;

/// <summary>Partitions coming and going: their series restored on assignment, checkpointed and dropped on revoke.</summary>
internal sealed partial class PredictorService
{
    /// <summary>
    /// New partitions (inside Consume, before any of their bars): every series of their state partitions is
    /// read to the end and restored, so the member is ready only once it continues exactly where the last
    /// owner's checkpoint left off.
    /// </summary>
    private void Assigned(List<TopicPartition> partitions)
    {
        _health.SetNotReady("restoring series state");
        long started = Stopwatch.GetTimestamp();
        Dictionary<string, byte[]> records = StateLoader.Read(_settings.Client, _settings.StateTopic, partitions.Select(p => p.Partition.Value), TimeSpan.FromSeconds(60));
        int restored = Restore(records);
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        _telemetry.RestoreDuration.Record(seconds);
        Log.Assigned(_log, string.Join(", ", partitions.Select(p => p.Partition.Value)), restored, records.Count - restored, seconds);
        _health.SetReady();
    }

    /// <summary>Applies state records to the processors; a record of another model or a corrupt one starts its series fresh.</summary>
    /// <returns>How many series were restored.</returns>
    internal int Restore(IReadOnlyDictionary<string, byte[]> records)
    {
        int restored = 0;
        foreach (var (series, value) in records)
        {
            ForecastProcessor processor = _router.For(series);
            var decoded = StateRecord.Decode(series, value, _router.Fingerprint(processor), processor.Horizon, out var refused);
            if (decoded is not { } state)
            {
                _telemetry.SeriesStartedFresh.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Reason, refused.Code));
                Log.StateRefused(_log, refused.Detail);
                continue;
            }

            processor.Restore(state.Snapshot);
            _lastTimestamp[series] = state.Snapshot.LastTimestamp;
            _seriesPartition[series] = new Partition(state.Header.Partition);
            _restoredOffset[series] = state.Header.Offset;
            restored++;
        }

        _telemetry.SeriesRestored.Add(restored);
        return restored;
    }

    /// <summary>
    /// Partitions moving to another member (inside Consume): their bars still in the batch are left to the
    /// new owner, every change so far is checkpointed and committed while they are still ours, then their
    /// series are dropped here.
    /// </summary>
    private void Revoked(List<TopicPartition> partitions)
    {
        int purged = Purge(partitions);
        if (_consumer is { } consumer && !_checkpointer.Drain(consumer, _settings.ShutdownTimeout))
        {
            Log.DeliveriesAbandoned(_log, _producer.Flush(TimeSpan.Zero), _settings.ShutdownTimeout.TotalSeconds);
        }

        Drop(partitions);
        Log.Released(_log, string.Join(", ", partitions.Select(p => p.Partition.Value)), purged);
    }

    /// <summary>Partitions lost (the group moved on without us): nothing can be committed for them any more; their series are dropped.</summary>
    private void Lost(List<TopicPartition> partitions)
    {
        int purged = Purge(partitions);
        Drop(partitions);
        Log.Released(_log, string.Join(", ", partitions.Select(p => p.Partition.Value)), purged);
    }

    private int Purge(List<TopicPartition> partitions)
    {
        var gone = partitions.ToHashSet();
        foreach (TopicPartition partition in gone)
        {
            _batchOffsets.Remove(partition);
        }

        return _batch.RemoveAll(bar => gone.Contains(bar.Source.TopicPartition));
    }

    private void Drop(List<TopicPartition> partitions)
    {
        _checkpointer.Forget(partitions);
        var gone = partitions.Select(p => p.Partition).ToHashSet();
        foreach (string series in _seriesPartition.Where(pair => gone.Contains(pair.Value)).Select(pair => pair.Key).ToList())
        {
            _router.For(series).Remove(series);
            _seriesPartition.Remove(series);
            _lastTimestamp.Remove(series);
            _restoredOffset.Remove(series);
            _gauges.Forget(series);
        }
    }
}
