using StreamForecast.Engine.Inference;
using StreamForecast.MarketData;
using StreamForecast.Predictor.Baselines;
using StreamForecast.Predictor.Scoring;

namespace StreamForecast.Predictor.Forecasting;

/// <summary>
/// The per-series forecasting pipeline, shared by <c>backtest</c> and the Kafka service: bars in,
/// forecasts and realised scores out, as values the caller publishes or keeps. For each bar of a series it differences and scales online,
/// advances the series' stateful LSTM (batched across series), rolls K-step forecasts out on forked
/// copies of the state (batched across all bars of the call), adds every baseline's forecast, and
/// scores earlier forecasts whose target minute this bar is.
/// </summary>
/// <remarks>
/// Outputs depend only on each series' own bars in order, never on how bars are grouped into calls
/// or batches: the engine's results are batch-independent and everything else is per series.
/// It never throws on a bar: a minute at or before the series' last one is skipped; a bar whose
/// forecasts cannot be computed as finite numbers (or whose per-series work throws) yields a
/// <see cref="BarFault"/> instead of outputs, and where the series' state may be spoilt it starts a new
/// segment at its next bar, as after a long gap.
/// </remarks>
internal sealed partial class ForecastProcessor : IDisposable
{
    private readonly ForecastModel _model;
    private readonly ForecastSettings _settings;
    private readonly IRecurrentBackend _backend;
    private readonly IRecurrentState _state;
    private readonly IRecurrentState _forks;
    private readonly Dictionary<string, SeriesState> _series = new(StringComparer.Ordinal);
    private readonly Stack<int> _freeSlots = new();
    private int _slotsUsed;
    private readonly Entry[] _entries;
    private readonly int _horizon;
    private readonly int _outputs;
    private readonly int _baselineParameters;
    private readonly ForecastComposer _composer;

    // The engine batch being filled: one row per series.
    private readonly int[] _batchSlots;
    private readonly float[] _batchInputs;
    private readonly float[] _batchOutputs;
    private readonly int[] _batchEntries;
    private int _batchCount;

    // Rollout scratch: one fork per bar of the chunk.
    private readonly int[] _forkSlots;
    private readonly float[] _forkInputs;
    private readonly float[] _forkOutputs;
    private readonly int[] _forkEntries;

    public ForecastProcessor(ForecastModel model, IRecurrentBackend backend, ForecastSettings settings)
    {
        model.RequireHorizon(settings.Horizon);
        _model = model;
        _settings = settings;
        _backend = backend;
        _horizon = settings.Horizon;
        _outputs = backend.Shape.OutputSize;
        IBaseline[] lineUp = settings.Baselines.Create();
        _baselineParameters = lineUp.Sum(baseline => baseline.ParameterCount);
        _composer = new ForecastComposer(model.Scaler, lineUp);
        int chunk = settings.MaxBatch;
        _state = backend.CreateState(16);
        _forks = backend.CreateState(chunk);
        _entries = new Entry[chunk];
        _batchSlots = new int[chunk];
        _batchInputs = new float[chunk];
        _batchOutputs = new float[chunk * _outputs];
        _batchEntries = new int[chunk];
        _forkSlots = [.. Enumerable.Range(0, chunk)];
        _forkInputs = new float[chunk];
        _forkOutputs = new float[chunk];
        _forkEntries = new int[chunk];
    }

    public ForecastModel Model => _model;

    public ForecastSettings Settings => _settings;

    /// <summary>K.</summary>
    public int Horizon => _horizon;

    public IReadOnlyCollection<SeriesState> Series => _series.Values;

    /// <summary>Processes bars in arrival order (series interleaved, each series in time order).</summary>
    /// <param name="bars">The bars; a series may appear several times.</param>
    /// <param name="forecasts">Receives one forecast per bar that has a flow, in bar order.</param>
    /// <param name="scores">Receives what each bar realised, in bar order, or null to only keep the running sums.</param>
    /// <param name="faults">Receives the bars that failed (their index in <paramref name="bars"/>), or null.</param>
    /// <param name="metrics">Receives a series' running metrics every <see cref="ForecastSettings.MetricsEvery"/> of its bars, or null.</param>
    public void Process(
        ReadOnlySpan<SeriesBar> bars, ICollection<Forecast> forecasts, ICollection<BarScores>? scores = null, ICollection<BarFault>? faults = null, ICollection<MetricsSnapshot>? metrics = null)
    {
        var outputs = new Outputs(forecasts, scores, faults, metrics);
        for (int start = 0; start < bars.Length; start += _entries.Length)
        {
            ProcessChunk(bars.Slice(start, Math.Min(_entries.Length, bars.Length - start)), start, outputs);
        }
    }

    public void Dispose()
    {
        _state.Dispose();
        _forks.Dispose();
    }

    private void ProcessChunk(ReadOnlySpan<SeriesBar> bars, int offset, Outputs outputs)
    {
        for (int j = 0; j < bars.Length; j++)
        {
            Prepare(j, bars[j]);
        }

        Flush();
        RollOut(bars.Length);
        for (int j = 0; j < bars.Length; j++)
        {
            ref Entry entry = ref _entries[j];
            if (entry.Fault is { } fault)
            {
                outputs.Faults?.Add(new BarFault(offset + j, bars[j].Series, bars[j].Bar.Timestamp, fault));
            }
            else if (!entry.Skipped)
            {
                Finish(ref entry, bars[j].Bar, offset + j, outputs);
            }

            entry = default;
        }
    }

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

    /// <summary>Where a call's outputs go.</summary>
    private readonly record struct Outputs(ICollection<Forecast> Forecasts, ICollection<BarScores>? Scores, ICollection<BarFault>? Faults, ICollection<MetricsSnapshot>? Metrics);

    /// <summary>Per-bar work of one chunk.</summary>
    private struct Entry
    {
        public SeriesState? Series;
        public bool HasForecast;
        public double ScalerState;
        public float[]? Scaled;
        public double[]? BaselineParameters;
        public bool Skipped;
        public string? Fault;
        public long Ordinal;
    }
}
