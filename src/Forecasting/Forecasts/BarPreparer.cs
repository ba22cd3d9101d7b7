using StreamForecast.Forecasting.Baselines;
using StreamForecast.Forecasting.Preprocessing;
using StreamForecast.Forecasting.Store;
using StreamForecast.MarketData;

namespace StreamForecast.Forecasting.Forecasts;

/// <summary>
/// One bar's way to the engine, over its series' row: the gap rule and differencing, zero-flow steps for
/// filled minutes, the scaler, the baselines, and the series' LSTM step queued into the chunk's batch; a
/// minute the series has had is skipped. What fails restarts the series: its next bar begins a new segment.
/// </summary>
internal sealed class BarPreparer(SeriesStore store, FlowScaler scaler, BaselineLineUp baselines, GapPolicy gaps, LstmBatch batch, ChunkEntry[] entries, double[] lines)
{
    private const long Minute = 60;
    private readonly RowLayout _layout = store.Layout;
    private readonly int _parameters = baselines.ParameterCount;

    /// <summary>Hears of each stepped entry from the batch: a series whose outputs are not finite restarts.</summary>
    public Action<int, bool>? Stepped { get; set; }

    /// <summary>Prepares bar <paramref name="j"/> of the chunk into its entry.</summary>
    public void Prepare(int j, SeriesBar input)
    {
        ref ChunkEntry entry = ref entries[j];
        entry = default;
        if (input.Bar.Timestamp % Minute != 0)
        {
            (entry.State, entry.Fault) = (EntryState.Fault, "the bar's time is not on a minute");
            return;
        }

        if (!store.TryAdd(input.Series, out entry.Slot))
        {
            (entry.State, entry.Fault) = (EntryState.Fault, $"this processor already holds its limit of {store.MaxSeries} series");
            return;
        }

        Span<byte> row = store.Row(entry.Slot);
        if (input.Bar.Timestamp <= _layout.LastTime.At(row))
        {
            entry.State = EntryState.Skipped;
            _layout.Counters.At(row, SeriesCounters.Skipped)++;
            return;
        }

        try
        {
            Prepare(ref entry, row, input.Bar, j);
        }
        catch (Exception ex) when (ex is ArithmeticException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            Restart(ref entry, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>
    /// The bar fails and the series' state may be spoilt: whatever of it is queued is stepped first, then the
    /// series forgets its last close, so its next bar starts a new segment (LSTM state, scaler and baselines
    /// reset, as after a long gap). Pending forecasts and running scores are kept.
    /// </summary>
    public void Restart(ref ChunkEntry entry, string reason)
    {
        Span<byte> row = store.Row(entry.Slot);
        FlushIfQueued(row);
        store.Lstm.Reset(entry.Slot);
        _layout.LastClose.At(row) = double.NaN;
        (entry.State, entry.Fault) = (EntryState.Fault, reason);
    }

    /// <summary>Differencing, scaling, baselines, and the series' LSTM step queued into the batch.</summary>
    private void Prepare(ref ChunkEntry entry, Span<byte> row, Bar bar, int j)
    {
        Span<long> counters = _layout.Counters.In(row);
        FlowStep step = FlowDifferencer.Next(gaps, ref _layout.LastTime.At(row), ref _layout.LastClose.At(row), bar.Timestamp, bar.Close);
        entry.State = step.HasFlow ? EntryState.Forecast : EntryState.Warmup;
        entry.Ordinal = ++counters[SeriesCounters.Bars];
        if (step.MissingMinutes > 0)
        {
            counters[SeriesCounters.Gaps]++;
            counters[SeriesCounters.MissingMinutes] += step.MissingMinutes;
        }

        Span<double> state = _layout.Baselines.In(row);
        ref double scale = ref _layout.Scaler.At(row);
        if (step.Reset)
        {
            FlushIfQueued(row);
            store.Lstm.Reset(entry.Slot);
            scale = scaler.InitialState;
            counters[SeriesCounters.Resets] += counters[SeriesCounters.Bars] > 1 ? 1 : 0;
            counters[SeriesCounters.Warmup]++;
            baselines.Reset(state, bar.Close);
            return;
        }

        if (step.FilledMinutes > 0)
        {
            // Zero flows for missing minutes: the LSTM, the scaler and the baselines see an unchanged price.
            FlushIfQueued(row);
            double close = bar.Close - step.Flow;
            for (int minute = 0; minute < step.FilledMinutes; minute++)
            {
                float zero = scaler.Scale(0, scale);
                scale = scaler.Observe(scale, 0);
                batch.StepAlone(entry.Slot, zero);
                baselines.Observe(state, close, 0);
            }

            counters[SeriesCounters.FilledMinutes] += step.FilledMinutes;
        }

        entry.ScalerState = scale;
        float input = scaler.Scale(step.Flow, scale);
        scale = scaler.Observe(scale, step.Flow);
        Span<double> parameters = lines.AsSpan(j * _parameters, _parameters);
        baselines.Observe(state, bar.Close, step.Flow);
        baselines.Parameters(state, bar.Close, parameters);
        if (!float.IsFinite(input) || !AllFinite(parameters))
        {
            Restart(ref entry, "the scaled flow or a baseline's forecast is not a finite number");
            return;
        }

        FlushIfQueued(row);
        batch.Queue(entry.Slot, input, j);
        _layout.Flags.At(row) |= (int)RowFlags.Queued;
    }

    private void FlushIfQueued(Span<byte> row)
    {
        if ((_layout.Flags.At(row) & (int)RowFlags.Queued) != 0)
        {
            batch.Flush(Stepped!);
        }
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
}
