namespace StreamForecast.Forecasting.Forecasts;

/// <summary>
/// The processor's engine work: the batched LSTM step of every queued series, zero-flow steps for
/// filled minutes, and the recursive K-step rollouts of a chunk's forks, batched together.
/// </summary>
internal sealed partial class ForecastProcessor
{
    /// <summary>Zero flows for missing minutes: the LSTM, the scaler and the baselines see an unchanged price.</summary>
    private void FillMinutes(SeriesState series, int minutes, double close)
    {
        Span<int> slot = [series.Slot];
        Span<float> input = stackalloc float[1];
        Span<float> output = stackalloc float[_outputs];
        for (int minute = 0; minute < minutes; minute++)
        {
            input[0] = _model.Scaler.Scale(0, series.ScalerState);
            series.ScalerState = _model.Scaler.Observe(series.ScalerState, 0);
            _backend.Step(_state, slot, input, output);
            foreach (var baseline in series.Baselines)
            {
                baseline.Observe(close, 0);
            }
        }

        series.FilledMinutes += minutes;
    }

    private void FlushIfQueued(SeriesState series)
    {
        if (series.InBatch)
        {
            Flush();
        }
    }

    /// <summary>One engine step for every queued series; each stepped state is forked for its rollout.</summary>
    private void Flush()
    {
        int n = _batchCount;
        if (n == 0)
        {
            return;
        }

        _backend.Step(_state, _batchSlots.AsSpan(0, n), _batchInputs.AsSpan(0, n), _batchOutputs.AsSpan(0, n * _outputs));
        for (int b = 0; b < n; b++)
        {
            int j = _batchEntries[b];
            ref Entry entry = ref _entries[j];
            entry.Series!.InBatch = false;
            if (!AllFinite(_batchOutputs.AsSpan(b * _outputs, _outputs)))
            {
                Restart(entry.Series, ref entry, "the LSTM's output is not a finite number");
                continue;
            }

            entry.Scaled = new float[_horizon];
            if (_model.Strategy == ForecastStrategy.Direct)
            {
                _batchOutputs.AsSpan(b * _outputs, _horizon).CopyTo(entry.Scaled);
            }
            else
            {
                entry.Scaled[0] = _batchOutputs[b];
                if (_horizon > 1)
                {
                    _state.CopySlot(entry.Series.Slot, _forks, j);
                }
            }
        }

        _batchCount = 0;
    }

    /// <summary>Recursive K-step forecasts: every fork of the chunk stepped together, K − 1 times.</summary>
    private void RollOut(int count)
    {
        if (_model.Strategy == ForecastStrategy.Direct || _horizon == 1)
        {
            return;
        }

        int m = 0;
        for (int j = 0; j < count; j++)
        {
            if (_entries[j].HasForecast && _entries[j].Fault is null)
            {
                _forkSlots[m] = j;
                _forkEntries[m] = j;
                _forkInputs[m] = _entries[j].Scaled![0];
                m++;
            }
        }

        for (int h = 2; h <= _horizon; h++)
        {
            _backend.Step(_forks, _forkSlots.AsSpan(0, m), _forkInputs.AsSpan(0, m), _forkOutputs.AsSpan(0, m));
            for (int f = 0; f < m; f++)
            {
                _entries[_forkEntries[f]].Scaled![h - 1] = _forkOutputs[f];
                _forkInputs[f] = _forkOutputs[f];
            }
        }
    }
}
