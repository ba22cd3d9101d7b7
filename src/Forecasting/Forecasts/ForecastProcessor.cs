using StreamForecast.Engine.Inference;
using StreamForecast.Forecasting.Baselines;
using StreamForecast.Forecasting.Preprocessing;
using StreamForecast.Forecasting.Scoring;
using StreamForecast.Forecasting.Store;
using StreamForecast.MarketData;

namespace StreamForecast.Forecasting.Forecasts;

/// <summary>
/// The per-series forecasting pipeline, shared by <c>backtest</c> and the Kafka service: bars in; forecasts,
/// realised scores, metrics and faults out to an <see cref="IForecastSink"/>. For each bar of a series it
/// differences and scales online, advances the series' stateful LSTM (batched across series), rolls K-step
/// forecasts out on forked copies of the state (batched across all bars of a chunk), adds every baseline's
/// forecast, and scores earlier forecasts whose target minute this bar is. Every series' state is one row of
/// its <see cref="SeriesStore"/>; steady state allocates nothing per bar.
/// </summary>
/// <remarks>
/// Outputs depend only on each series' own bars in order, never on how bars are grouped into calls or
/// chunks: the engine's results are batch-independent and everything else is per series. It never throws on
/// a bar: a minute at or before the series' last one is skipped; a bar off the minute, of a series beyond the
/// store's limit, or whose forecasts cannot be computed as finite numbers (or whose per-series work throws)
/// yields a <see cref="BarFault"/> instead of outputs, and where the series' state may be spoilt it starts a
/// new segment at its next bar, as after a long gap.
/// </remarks>
internal sealed class ForecastProcessor : IDisposable
{
    private const long Minute = 60;

    private readonly ForecastModel _model;
    private readonly FlowScaler _scaler;
    private readonly BaselineLineUp _baselines;
    private readonly ForecastComposer _composer;
    private readonly LstmBatch _batch;
    private readonly ForecastBook _book;
    private readonly RowLayout _layout;
    private readonly int _horizon;
    private readonly int _parameters;
    private readonly Entry[] _entries;
    private readonly double[] _lines;
    private readonly int[] _rollouts;
    private readonly Action<int, bool> _stepped;

    /// <param name="model">The model.</param>
    /// <param name="backend">Its engine.</param>
    /// <param name="settings">K, the gap rule, baselines, intervals, chunk size.</param>
    /// <param name="maxSeries">The most series held at once (the store's limit).</param>
    public ForecastProcessor(ForecastModel model, IRecurrentBackend backend, ForecastSettings settings, int maxSeries = int.MaxValue)
    {
        model.RequireHorizon(settings.Horizon);
        _model = model;
        _scaler = model.Scaler;
        Settings = settings;
        _horizon = settings.Horizon;
        _baselines = new BaselineLineUp(settings.Baselines);
        _parameters = _baselines.ParameterCount;
        _layout = new RowLayout(RowShape.Of(model, settings));
        Store = new SeriesStore(_layout, NewRow(), backend.CreateState(0), maxSeries);
        _composer = new ForecastComposer(_scaler, _baselines);
        _book = new ForecastBook(_layout, _composer, model, settings);
        int chunk = settings.MaxBatch;
        _batch = new LstmBatch(backend, Store.Lstm, model.Strategy == ForecastStrategy.Direct, _horizon, chunk);
        _entries = new Entry[chunk];
        _lines = new double[chunk * _parameters];
        _rollouts = new int[chunk];
        _stepped = Stepped;
    }

    public ForecastModel Model => _model;

    public ForecastSettings Settings { get; }

    /// <summary>K.</summary>
    public int Horizon => _horizon;

    /// <summary>Every series this processor keeps, one row each.</summary>
    public SeriesStore Store { get; }

    /// <summary>Reads a series' running metrics from its row.</summary>
    public RowMetrics Metrics => _book.Metrics;

    /// <summary>What each model forecast a minute before the series' newest bar, for it, and that bar's close (see <see cref="ForecastBook.LastMinute"/>).</summary>
    public bool LastMinute(ReadOnlySpan<byte> row, Span<double> predicted, out double actual) => _book.LastMinute(row, predicted, out actual);

    /// <summary>Processes bars in arrival order (series interleaved, each series in time order), in chunks of <see cref="ForecastSettings.MaxBatch"/>.</summary>
    public void Process(ReadOnlySpan<SeriesBar> bars, IForecastSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        for (int start = 0; start < bars.Length; start += _entries.Length)
        {
            ProcessChunk(bars.Slice(start, Math.Min(_entries.Length, bars.Length - start)), start, sink);
        }
    }

    public void Dispose()
    {
        _batch.Dispose();
        Store.Lstm.Dispose();
    }

    private void ProcessChunk(ReadOnlySpan<SeriesBar> bars, int offset, IForecastSink sink)
    {
        for (int j = 0; j < bars.Length; j++)
        {
            Prepare(j, bars[j]);
        }

        _batch.Flush(_stepped);
        int rollouts = 0;
        for (int j = 0; j < bars.Length; j++)
        {
            if (_entries[j].State == EntryState.Forecast)
            {
                _rollouts[rollouts++] = j;
            }
        }

        _batch.RollOut(_rollouts.AsSpan(0, rollouts));
        for (int j = 0; j < bars.Length; j++)
        {
            ref Entry entry = ref _entries[j];
            SeriesBar input = bars[j];
            if (entry.State == EntryState.Fault)
            {
                sink.Fault(new BarFault(offset + j, input.Series, input.Bar.Timestamp, entry.Fault!));
            }
            else if (entry.State != EntryState.Skipped)
            {
                Finish(ref entry, j, offset + j, input, sink);
            }

            entry = default;
        }
    }

    /// <summary>Skips a minute the series has had; otherwise prepares the bar, and a failure restarts the series.</summary>
    private void Prepare(int j, SeriesBar input)
    {
        ref Entry entry = ref _entries[j];
        entry = default;
        if (input.Bar.Timestamp % Minute != 0)
        {
            (entry.State, entry.Fault) = (EntryState.Fault, "the bar's time is not on a minute");
            return;
        }

        if (!Store.TryAdd(input.Series, out entry.Slot))
        {
            (entry.State, entry.Fault) = (EntryState.Fault, $"this processor already holds its limit of {Store.MaxSeries} series");
            return;
        }

        Span<byte> row = Store.Row(entry.Slot);
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

    /// <summary>Differencing, scaling, baselines, and the series' LSTM step queued into the batch.</summary>
    private void Prepare(ref Entry entry, Span<byte> row, Bar bar, int j)
    {
        Span<long> counters = _layout.Counters.In(row);
        FlowStep step = FlowDifferencer.Next(Settings.Gaps, ref _layout.LastTime.At(row), ref _layout.LastClose.At(row), bar.Timestamp, bar.Close);
        entry.State = step.HasFlow ? EntryState.Forecast : EntryState.Warmup;
        entry.Ordinal = ++counters[SeriesCounters.Bars];
        if (step.MissingMinutes > 0)
        {
            counters[SeriesCounters.Gaps]++;
            counters[SeriesCounters.MissingMinutes] += step.MissingMinutes;
        }

        Span<double> baselines = _layout.Baselines.In(row);
        ref double scaler = ref _layout.Scaler.At(row);
        if (step.Reset)
        {
            FlushIfQueued(row);
            Store.Lstm.Reset(entry.Slot);
            scaler = _scaler.InitialState;
            counters[SeriesCounters.Resets] += counters[SeriesCounters.Bars] > 1 ? 1 : 0;
            counters[SeriesCounters.Warmup]++;
            _baselines.Reset(baselines, bar.Close);
            return;
        }

        if (step.FilledMinutes > 0)
        {
            FlushIfQueued(row);
            double close = bar.Close - step.Flow;
            for (int minute = 0; minute < step.FilledMinutes; minute++)
            {
                float zero = _scaler.Scale(0, scaler);
                scaler = _scaler.Observe(scaler, 0);
                _batch.StepAlone(entry.Slot, zero);
                _baselines.Observe(baselines, close, 0);
            }

            counters[SeriesCounters.FilledMinutes] += step.FilledMinutes;
        }

        entry.ScalerState = scaler;
        float input = _scaler.Scale(step.Flow, scaler);
        scaler = _scaler.Observe(scaler, step.Flow);
        Span<double> lines = _lines.AsSpan(j * _parameters, _parameters);
        _baselines.Observe(baselines, bar.Close, step.Flow);
        _baselines.Parameters(baselines, bar.Close, lines);
        if (!float.IsFinite(input) || !AllFinite(lines))
        {
            Restart(ref entry, "the scaled flow or a baseline's forecast is not a finite number");
            return;
        }

        FlushIfQueued(row);
        _batch.Queue(entry.Slot, input, j);
        _layout.Flags.At(row) |= (int)RowFlags.Queued;
    }

    /// <summary>The engine stepped entry <paramref name="j"/>; a series whose outputs are not finite restarts.</summary>
    private void Stepped(int j, bool finite)
    {
        ref Entry entry = ref _entries[j];
        _layout.Flags.At(Store.Row(entry.Slot)) &= ~(int)RowFlags.Queued;
        if (!finite)
        {
            Restart(ref entry, "the LSTM's output is not a finite number");
        }
    }

    /// <summary>
    /// The bar's forecast (a bar whose closes are not all finite is a fault, with no outputs), then the scores
    /// of the forecasts it realises, its own forecast issued, and the series' metrics when due.
    /// </summary>
    private void Finish(ref Entry entry, int j, int index, SeriesBar input, IForecastSink sink)
    {
        Span<byte> row = Store.Row(entry.Slot);
        Bar bar = input.Bar;
        ReadOnlySpan<float> scaled = _batch.Outputs.AsSpan(j * _horizon, _horizon);
        ReadOnlySpan<double> lines = _lines.AsSpan(j * _parameters, _parameters);
        bool forecast = entry.State == EntryState.Forecast;
        if (forecast && !_composer.AllFinite(scaled, entry.ScalerState, lines, bar.Close, _horizon))
        {
            sink.Fault(new BarFault(index, input.Series, bar.Timestamp, "a forecast close is not a finite number"));
            return;
        }

        // Every realisation of this bar before its own forecast: an interval never uses a forecast's own future.
        _book.Realise(row, index, input.Series, bar.Timestamp, bar.Close, sink);
        if (forecast)
        {
            _book.Issue(row, index, input.Series, bar.Timestamp, bar.Close, entry.ScalerState, scaled, lines, sink);
        }

        // The bar's own number in its series, not the count so far in this call: the same whatever the batching.
        if (Settings.MetricsEvery > 0 && entry.Ordinal % Settings.MetricsEvery == 0)
        {
            sink.Metrics(new MetricsView(index, input.Series, bar.Timestamp, entry.Ordinal, row, _book.Metrics));
        }
    }

    /// <summary>
    /// The bar fails and the series' state may be spoilt: whatever of it is queued is stepped first, then the
    /// series forgets its last close, so its next bar starts a new segment (LSTM state, scaler and baselines
    /// reset, as after a long gap). Pending forecasts and running scores are kept.
    /// </summary>
    private void Restart(ref Entry entry, string reason)
    {
        Span<byte> row = Store.Row(entry.Slot);
        FlushIfQueued(row);
        Store.Lstm.Reset(entry.Slot);
        _layout.LastClose.At(row) = double.NaN;
        (entry.State, entry.Fault) = (EntryState.Fault, reason);
    }

    private void FlushIfQueued(Span<byte> row)
    {
        if ((_layout.Flags.At(row) & (int)RowFlags.Queued) != 0)
        {
            _batch.Flush(_stepped);
        }
    }

    /// <summary>A new series' row: no bar yet, the scaler's initial state, no pending forecast, ACI's working levels at α.</summary>
    private byte[] NewRow()
    {
        Span<byte> row = new byte[_layout.Bytes];
        _layout.LastTime.At(row) = long.MinValue;
        _layout.AcceptedTime.At(row) = long.MinValue;
        _layout.InputOffset.At(row) = -1;
        _layout.LastClose.At(row) = double.NaN;
        _layout.Scaler.At(row) = _scaler.InitialState;
        _layout.PendingTime.In(row).Fill(long.MinValue);
        Span<double> working = _layout.Working.In(row);
        for (int i = 0; i < working.Length; i++)
        {
            working[i] = Settings.Intervals.Alpha(i % Settings.Intervals.Levels.Count);
        }

        return row.ToArray();
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

    private enum EntryState : byte
    {
        None,
        Skipped,
        Fault,
        Warmup,
        Forecast,
    }

    /// <summary>Per-bar work of one chunk (its scaled outputs and baseline parameters are in the batch's and processor's arrays at the same index).</summary>
    private struct Entry
    {
        public int Slot;
        public EntryState State;
        public string? Fault;
        public double ScalerState;
        public long Ordinal;
    }
}
