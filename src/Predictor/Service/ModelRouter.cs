using StreamForecast.Engine.Inference;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Store;
using StreamForecast.Predictor.Service.State;
using StreamForecast.Predictor.Service.Telemetry;

namespace StreamForecast.Predictor.Service;

/// <summary>
/// Per-series model selection: a default model plus overrides by series name, each model with its own engine
/// and processor (and so its own series store). The instance holds at most <see cref="MaxSeries"/> series over
/// all of them (<see cref="SeriesBudget"/>).
/// </summary>
internal sealed class ModelRouter : IDisposable
{
    private readonly Dictionary<string, ForecastProcessor> _byModel = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _overrides;
    private readonly List<IDisposable> _owned = [];
    private readonly List<ForecastProcessor> _processors = [];
    private readonly List<(SeriesStore Store, ulong Fingerprint)> _stores = [];
    private readonly string _default;

    /// <param name="models">The default model and the others by series.</param>
    /// <param name="settings">How every model forecasts.</param>
    /// <param name="options">The series limit or memory budget.</param>
    /// <param name="telemetry">With telemetry, every engine step's duration is recorded.</param>
    public ModelRouter(ServedModels models, ForecastSettings settings, PredictorOptions options, PredictorTelemetry? telemetry = null)
    {
        _default = models.Default.Id;
        _overrides = models.Overrides.ToDictionary(pair => pair.Key, pair => pair.Value.Id, StringComparer.Ordinal);
        ForecastModel[] served = [.. models.Overrides.Values.Prepend(models.Default).DistinctBy(m => m.Id)];
        MaxSeries = SeriesBudget.MaxSeries(options, served.Select(model => new RowLayout(RowShape.Of(model, settings))));
        foreach (ForecastModel model in served)
        {
            IRecurrentBackend cpu = new CpuLstmBackend(model.Checkpoint.Parameters);
            IRecurrentBackend backend = telemetry is null ? cpu : new TimedBackend(cpu, telemetry);
            var processor = new ForecastProcessor(model, backend, settings, MaxSeries);
            _owned.Add(processor);
            _owned.Add(backend);
            _byModel[model.Id] = processor;
            _processors.Add(processor);
            _stores.Add((processor.Store, ModelFingerprint.Of(model, settings)));
        }
    }

    public IReadOnlyList<ForecastProcessor> Processors => _processors;

    /// <summary>Each processor's store with the fingerprint its state records carry, in the order of <see cref="Processors"/>.</summary>
    public IReadOnlyList<(SeriesStore Store, ulong Fingerprint)> Stores => _stores;

    /// <summary>The most series this instance holds, over every model.</summary>
    public int MaxSeries { get; }

    /// <summary>Series held now, over every model.</summary>
    public int SeriesCount
    {
        get
        {
            int count = 0;
            foreach (ForecastProcessor processor in _processors)
            {
                count += processor.Store.Count;
            }

            return count;
        }
    }

    public ForecastProcessor For(string series) => _byModel[_overrides.GetValueOrDefault(series, _default)];

    /// <summary>Whether a route names <paramref name="series"/> (else the default model takes it).</summary>
    public bool Routes(string series) => _overrides.ContainsKey(series);

    /// <summary>The model of the series no route names.</summary>
    public ForecastModel Fallback => _byModel[_default].Model;

    /// <summary>What the processor's states are stamped with (see <see cref="ModelFingerprint"/>).</summary>
    public ulong Fingerprint(ForecastProcessor processor) => _stores[_processors.IndexOf(processor)].Fingerprint;

    public void Dispose()
    {
        foreach (IDisposable owned in _owned)
        {
            owned.Dispose();
        }
    }
}
