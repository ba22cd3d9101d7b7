using StreamForecast.Forecasting.Scoring;

namespace StreamForecast.Forecasting.Forecasts;

/// <summary>The processor's series lifecycle: lookup, creation, removal, snapshot and restore.</summary>
internal sealed partial class ForecastProcessor
{
    public bool TryGetSeries(string name, out SeriesState series) => _series.TryGetValue(name, out series!);

    /// <summary>Everything kept for <paramref name="name"/>, as data (between calls to <see cref="Process"/>).</summary>
    public SeriesSnapshot Snapshot(string name)
    {
        SeriesState series = _series[name];
        int state = _backend.Shape.StatePerSeries;
        float[] hidden = new float[state], cell = new float[state];
        _state.CopyTo(series.Slot, hidden, cell);

        // A forecast made K minutes or more before the last bar can no longer be met by a later one.
        long realisable = series.Differencer.LastTimestamp - (_horizon * 60L);
        PendingForecast[] pending = [.. series.Scorer.Pending.Where(f => f.AsOf > realisable).Select(f => new PendingForecast(f.AsOf, f.Close, f.Recipe, f.HalfWidths))];
        return new SeriesSnapshot(
            name, series.Differencer.LastTimestamp, series.Differencer.LastClose, series.ScalerState, _backend.Shape.Layers, hidden, cell,
            [.. series.Baselines.Select(b => b.SaveState())], series.Scorer.Board.Save(), series.Scorer.Intervals.Save(), pending,
            [series.Bars, series.Gaps, series.MissingMinutes, series.FilledMinutes, series.Resets, series.Warmup, series.Skipped]);
    }

    /// <summary>Takes a series over from a snapshot made by a processor of the same model and settings (replacing any state it had here).</summary>
    public void Restore(SeriesSnapshot snapshot)
    {
        int state = _backend.Shape.StatePerSeries;
        if (snapshot.Hidden.Length != state || snapshot.Cell.Length != state || snapshot.Counters.Length != 7)
        {
            throw new InvalidDataException($"the snapshot of {snapshot.Series} does not fit this model ({snapshot.Hidden.Length} state values, {state} expected)");
        }

        Remove(snapshot.Series);
        SeriesState series = GetOrAdd(snapshot.Series);
        series.Differencer.Restore(snapshot.LastTimestamp, snapshot.LastClose);
        series.ScalerState = snapshot.ScalerState;
        _state.CopyFrom(series.Slot, snapshot.Hidden, snapshot.Cell);
        for (int b = 0; b < series.Baselines.Length; b++)
        {
            series.Baselines[b].LoadState(snapshot.Baselines[b]);
        }

        series.Scorer.Board.Load(snapshot.Scores);
        series.Scorer.Intervals.Load(snapshot.Intervals);
        foreach (PendingForecast pending in snapshot.Pending)
        {
            series.Scorer.Issue(_composer.Compose(series.Name, pending.AsOf, pending.Close, _horizon, pending.Recipe) with { HalfWidths = pending.HalfWidths });
        }

        (series.Bars, series.Gaps, series.MissingMinutes, series.FilledMinutes, series.Resets, series.Warmup, series.Skipped) =
            (snapshot.Counters[0], snapshot.Counters[1], snapshot.Counters[2], snapshot.Counters[3], snapshot.Counters[4], snapshot.Counters[5], snapshot.Counters[6]);
    }

    /// <summary>
    /// Forgets a series (its partition moved to another consumer): its slot is zeroed and reused by the
    /// next new series. Must not be called while a <see cref="Process"/> call runs.
    /// </summary>
    public bool Remove(string name)
    {
        if (!_series.Remove(name, out SeriesState? series))
        {
            return false;
        }

        _state.Reset(series.Slot);
        _freeSlots.Push(series.Slot);
        return true;
    }

    private SeriesState GetOrAdd(string name)
    {
        if (!_series.TryGetValue(name, out SeriesState? series))
        {
            if (!_freeSlots.TryPop(out int slot))
            {
                slot = _slotsUsed++;
                _state.EnsureCapacity(slot + 1);
            }

            series = new SeriesState(name, slot, _settings.Gaps, _model.Scaler.InitialState, _settings.Baselines.Create(), new SeriesScorer(_horizon, _settings.Intervals));
            _series.Add(name, series);
        }

        return series;
    }
}
