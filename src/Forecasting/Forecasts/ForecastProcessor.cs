using StreamForecast.Engine.Inference;
using StreamForecast.Forecasting.Baselines;
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
    private readonly ForecastComposer _composer;
    private readonly LstmBatch _batch;
    private readonly ForecastBook _book;
    private readonly BarPreparer _preparer;
    private readonly int _parameters;
    private readonly ChunkEntry[] _entries;
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
        Model = model;
        Settings = settings;
        var baselines = new BaselineLineUp(settings.Baselines);
        _parameters = baselines.ParameterCount;
        var layout = new RowLayout(RowShape.Of(model, settings));
        Store = new SeriesStore(layout, RowTemplate.New(layout, model.Scaler.InitialState, settings.Intervals), backend.CreateState(0), maxSeries);
        _composer = new ForecastComposer(model.Scaler, baselines);
        _book = new ForecastBook(layout, _composer, model, settings);
        int chunk = settings.MaxBatch;
        _batch = new LstmBatch(backend, Store.Lstm, model.Strategy == ForecastStrategy.Direct, settings.Horizon, chunk);
        _entries = new ChunkEntry[chunk];
        _lines = new double[chunk * _parameters];
        _rollouts = new int[chunk];
        _preparer = new BarPreparer(Store, model.Scaler, baselines, settings.Gaps, _batch, _entries, _lines);
        _stepped = Stepped;
        _preparer.Stepped = _stepped;
    }

    public ForecastModel Model { get; }

    public ForecastSettings Settings { get; }

    /// <summary>K.</summary>
    public int Horizon => Settings.Horizon;

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
            _preparer.Prepare(j, bars[j]);
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
            ref ChunkEntry entry = ref _entries[j];
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

    /// <summary>The engine stepped entry <paramref name="j"/>; a series whose outputs are not finite restarts.</summary>
    private void Stepped(int j, bool finite)
    {
        ref ChunkEntry entry = ref _entries[j];
        Store.Layout.Flags.At(Store.Row(entry.Slot)) &= ~(int)RowFlags.Queued;
        if (!finite)
        {
            _preparer.Restart(ref entry, "the LSTM's output is not a finite number");
        }
    }

    /// <summary>
    /// The bar's forecast (a bar whose closes are not all finite is a fault, with no outputs), then the scores
    /// of the forecasts it realises, its own forecast issued, and the series' metrics when due.
    /// </summary>
    private void Finish(ref ChunkEntry entry, int j, int index, SeriesBar input, IForecastSink sink)
    {
        Span<byte> row = Store.Row(entry.Slot);
        Bar bar = input.Bar;
        int horizon = Settings.Horizon;
        ReadOnlySpan<float> scaled = _batch.Outputs.AsSpan(j * horizon, horizon);
        ReadOnlySpan<double> lines = _lines.AsSpan(j * _parameters, _parameters);
        bool forecast = entry.State == EntryState.Forecast;
        if (forecast && !_composer.AllFinite(scaled, entry.ScalerState, lines, bar.Close, horizon))
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
            sink.Metrics(new MetricsView(index, input.Series, bar.Timestamp, entry.Ordinal, row, _book.Metrics, Model.FarOutsideTraining(bar.Close)));
        }
    }
}
