using StreamForecast.Engine.Inference;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Predictor.Service.State;
using StreamForecast.Predictor.Service.Telemetry;

namespace StreamForecast.Predictor.Service;

/// <summary>
/// Per-series model selection: a default model plus overrides by series name, each model with its own
/// engine and processor (and so its own state buffer).
/// </summary>
internal sealed class ModelRouter : IDisposable
{
    private readonly Dictionary<string, ForecastProcessor> _byModel = new(StringComparer.Ordinal);
    private readonly Dictionary<ForecastProcessor, ulong> _fingerprints = [];
    private readonly Dictionary<string, string> _overrides;
    private readonly List<IDisposable> _owned = [];
    private readonly string _default;

    // With telemetry, every engine step's duration is recorded.
    public ModelRouter(ServedModels models, ForecastSettings settings, PredictorTelemetry? telemetry = null)
    {
        _default = models.Default.Id;
        _overrides = models.Overrides.ToDictionary(pair => pair.Key, pair => pair.Value.Id, StringComparer.Ordinal);
        foreach (ForecastModel model in models.Overrides.Values.Prepend(models.Default).DistinctBy(m => m.Id))
        {
            IRecurrentBackend cpu = new CpuLstmBackend(model.Checkpoint.Parameters);
            IRecurrentBackend backend = telemetry is null ? cpu : new TimedBackend(cpu, telemetry);
            var processor = new ForecastProcessor(model, backend, settings);
            _owned.Add(processor);
            _owned.Add(backend);
            _byModel[model.Id] = processor;
            _fingerprints[processor] = ModelFingerprint.Of(model, settings);
        }
    }

    public IEnumerable<ForecastProcessor> Processors => _byModel.Values;

    public ForecastProcessor For(string series) => _byModel[_overrides.GetValueOrDefault(series, _default)];

    /// <summary>What the processor's states are stamped with (see <see cref="ModelFingerprint"/>).</summary>
    public ulong Fingerprint(ForecastProcessor processor) => _fingerprints[processor];

    public void Dispose()
    {
        foreach (IDisposable owned in _owned)
        {
            owned.Dispose();
        }
    }
}
