using StreamForecast.MarketData;
using StreamForecast.Forecasting.Baselines;
using StreamForecast.Forecasting.Scoring;

namespace StreamForecast.Forecasting.Forecasts;

/// <summary>
/// One bar's stages around the engine: prepared (differenced, scaled, baselines, its LSTM step queued),
/// finished (forecast composed, earlier forecasts realised, metrics due), or its series restarted on a fault.
/// </summary>
internal sealed partial class ForecastProcessor
{
    /// <summary>Skips a minute the series has had; otherwise prepares the bar, and a failure restarts the series.</summary>
    private void Prepare(int j, SeriesBar input)
    {
        SeriesState series = GetOrAdd(input.Series);
        ref Entry entry = ref _entries[j];
        entry = new Entry { Series = series };
        if (input.Bar.Timestamp <= series.Differencer.LastTimestamp)
        {
            entry.Skipped = true;
            series.Skipped++;
            return;
        }

        try
        {
            Prepare(ref entry, series, input.Bar, j);
        }
        catch (Exception ex) when (ex is ArithmeticException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            Restart(series, ref entry, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>Differencing, scaling, baselines, and the series' LSTM step queued into the batch.</summary>
    private void Prepare(ref Entry entry, SeriesState series, Bar bar, int j)
    {
        var step = series.Differencer.Next(bar.Timestamp, bar.Close);
        entry.HasForecast = step.HasFlow;
        entry.BaselineParameters = step.HasFlow ? new double[_baselineParameters] : null;
        entry.Ordinal = ++series.Bars;
        if (step.MissingMinutes > 0)
        {
            series.Gaps++;
            series.MissingMinutes += step.MissingMinutes;
        }

        if (step.Reset)
        {
            FlushIfQueued(series);
            _state.Reset(series.Slot);
            series.ScalerState = _model.Scaler.InitialState;
            series.Resets += series.Bars > 1 ? 1 : 0;
            series.Warmup++;
            foreach (var baseline in series.Baselines)
            {
                baseline.Reset(bar.Close);
            }

            return;
        }

        if (step.FilledMinutes > 0)
        {
            FlushIfQueued(series);
            FillMinutes(series, step.FilledMinutes, bar.Close - step.Flow);
        }

        entry.ScalerState = series.ScalerState;
        float input0 = _model.Scaler.Scale(step.Flow, series.ScalerState);
        series.ScalerState = _model.Scaler.Observe(series.ScalerState, step.Flow);
        int parameter = 0;
        foreach (IBaseline baseline in series.Baselines)
        {
            baseline.Observe(bar.Close, step.Flow);
            baseline.Parameters(bar.Close, entry.BaselineParameters.AsSpan(parameter, baseline.ParameterCount));
            parameter += baseline.ParameterCount;
        }

        if (!float.IsFinite(input0) || !AllFinite(entry.BaselineParameters))
        {
            Restart(series, ref entry, "the scaled flow or a baseline's forecast is not a finite number");
            return;
        }

        FlushIfQueued(series);
        _batchSlots[_batchCount] = series.Slot;
        _batchInputs[_batchCount] = input0;
        _batchEntries[_batchCount] = j;
        _batchCount++;
        series.InBatch = true;
    }

    /// <summary>
    /// The bar's forecast (a bar whose closes are not all finite is a fault, with no outputs), then the
    /// scores of the forecasts it realises, its own forecast issued, and the series' metrics when due.
    /// </summary>
    private void Finish(ref Entry entry, Bar bar, int index, Outputs outputs)
    {
        SeriesState series = entry.Series!;
        Forecast? forecast = null;
        if (entry.HasForecast)
        {
            forecast = _composer.Compose(series.Name, bar.Timestamp, bar.Close, _horizon, new ForecastRecipe(entry.Scaled!, entry.ScalerState, entry.BaselineParameters!));
            if (!_composer.AllFinite(forecast))
            {
                outputs.Faults?.Add(new BarFault(index, series.Name, bar.Timestamp, "a forecast close is not a finite number"));
                return;
            }
        }

        if (series.Scorer.Realise(series.Name, bar.Timestamp, bar.Close, capture: outputs.Scores is not null) is { } realised)
        {
            outputs.Scores!.Add(realised);
        }

        if (forecast is not null)
        {
            // After every realisation of this bar: an interval never uses a forecast's own future.
            forecast = forecast with { HalfWidths = series.Scorer.Intervals.HalfWidths() };
            series.Scorer.Issue(forecast);
            outputs.Forecasts.Add(forecast);
        }

        // The bar's own number in its series, not the count so far in this call: the same whatever the batching.
        if (outputs.Metrics is not null && _settings.MetricsEvery > 0 && entry.Ordinal % _settings.MetricsEvery == 0)
        {
            outputs.Metrics.Add(MetricsSnapshot.Of(series.Name, bar.Timestamp, entry.Ordinal, series.Scorer, _settings.Intervals, _horizon));
        }
    }

    /// <summary>
    /// The bar fails and the series' state may be spoilt: whatever of it is queued is stepped first, then the
    /// series forgets its last bar, so its next bar starts a new segment (LSTM state, scaler and baselines
    /// reset, as after a long gap). Pending forecasts and running scores are kept.
    /// </summary>
    private void Restart(SeriesState series, ref Entry entry, string reason)
    {
        FlushIfQueued(series);
        _state.Reset(series.Slot);
        series.Differencer.Forget();
        entry.Fault = reason;
        entry.HasForecast = false;
    }

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (double value in values)
        {
            if (!double.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (float value in values)
        {
            if (!float.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }
}
