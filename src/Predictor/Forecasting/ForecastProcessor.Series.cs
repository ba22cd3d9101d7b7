using StreamForecast.Predictor.Scoring;

namespace StreamForecast.Predictor.Forecasting;

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
        return new SeriesSnapshot(
            name, _model.Id, series.Differencer.LastTimestamp, series.Differencer.LastClose, series.ScalerState, hidden, cell,
            [.. series.Baselines.Select(b => b.SaveState())], series.Scorer.Board.SaveState(), [.. series.Scorer.Pending],
            [series.Bars, series.Gaps, series.MissingMinutes, series.FilledMinutes, series.Resets, series.Warmup]);
    }

    /// <summary>Takes a series over from a snapshot (replacing any state it had here).</summary>
    public void Restore(SeriesSnapshot snapshot)
    {
        if (snapshot.ModelId != _model.Id)
        {
            throw new ArgumentException($"snapshot of {snapshot.Series} belongs to model {snapshot.ModelId}, not {_model.Id}.", nameof(snapshot));
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

        series.Scorer.Board.LoadState(snapshot.Scores);
        foreach (Forecast forecast in snapshot.Pending)
        {
            series.Scorer.Issue(forecast);
        }

        (series.Bars, series.Gaps, series.MissingMinutes, series.FilledMinutes, series.Resets, series.Warmup) =
            (snapshot.Counters[0], snapshot.Counters[1], snapshot.Counters[2], snapshot.Counters[3], snapshot.Counters[4], snapshot.Counters[5]);
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

            series = new SeriesState(name, slot, _settings.Gaps, _model.Scaler.InitialState, _settings.Baselines.Create(), new SeriesScorer(_horizon));
            _series.Add(name, series);
        }

        return series;
    }
}
