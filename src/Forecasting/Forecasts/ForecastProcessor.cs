using StreamForecast.Engine.Inference;
using StreamForecast.Forecasting.Baselines;
using StreamForecast.Forecasting.Scoring;

namespace StreamForecast.Forecasting.Forecasts;

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
