using StreamForecast.Engine.Inference;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Rollout;
using StreamForecast.Forecasting.Store;
using StreamForecast.Predictor.Service.Models;
using StreamForecast.Predictor.Service.State;
using StreamForecast.Predictor.Service.Telemetry;

namespace StreamForecast.Predictor.Service;

/// <summary>
/// Which route, and so which models, each series goes to: the <c>default</c> route for every series no other route
/// names, a route per <c>--model-for</c> series, and the routes the models topic adds. Every processor it makes
/// (each with its own engine and series store) stays registered in <see cref="Stores"/> for the checkpoints; the
/// instance holds at most <see cref="MaxSeries"/> served series over all of them (<see cref="SeriesBudget"/>).
/// </summary>
internal sealed class ModelRouter : IDisposable
{
    private readonly ForecastSettings _settings;
    private readonly PredictorTelemetry? _telemetry;
    private readonly List<ServedRoute> _routes = [];
    private readonly Dictionary<string, ServedRoute> _bySeries = new(StringComparer.Ordinal);
    private readonly List<ServedStore> _stores = [];
    private readonly List<ForecastProcessor> _serving = [];
    private readonly Dictionary<ForecastProcessor, ulong> _fingerprints = [];
    private readonly List<IDisposable> _owned = [];

    /// <param name="models">The default model and the others by series (each its own route).</param>
    /// <param name="settings">How every model forecasts.</param>
    /// <param name="options">The series limit or memory budget.</param>
    /// <param name="telemetry">With telemetry, every engine step's duration is recorded.</param>
    public ModelRouter(ServedModels models, ForecastSettings settings, PredictorOptions options, PredictorTelemetry? telemetry = null)
    {
        _settings = settings;
        _telemetry = telemetry;
        ForecastModel[] served = [.. models.Overrides.Values.Prepend(models.Default).DistinctBy(m => m.Id)];
        MaxSeries = SeriesBudget.MaxSeries(options, served.Select(model => new RowLayout(RowShape.Of(model, settings))));
        foreach (var (series, model) in models.Overrides)
        {
            AddRoute(series, SeriesAllowList.Of([series]), model);
        }

        AddRoute(ServedRoute.Default, SeriesAllowList.All, models.Default);
    }

    /// <summary>Every store ever made, with its records' fingerprint and role; indexes never change (a retired store stays, empty).</summary>
    public IReadOnlyList<ServedStore> Stores => _stores;

    /// <summary>Every processor whose rows are served (champions and promoted challengers), for the gauges.</summary>
    public IReadOnlyList<ForecastProcessor> Processors => _serving;

    /// <summary>The routes: named ones in the order they came, <c>default</c> last.</summary>
    public IReadOnlyList<ServedRoute> Routes => _routes;

    /// <summary>The most series this instance serves, over every model.</summary>
    public int MaxSeries { get; }

    /// <summary>Series served now, over every model (a challenger's shadow rows are not counted).</summary>
    public int SeriesCount
    {
        get
        {
            int count = 0;
            foreach (ForecastProcessor processor in _serving)
            {
                count += processor.Store.Count;
            }

            return count;
        }
    }

    /// <summary>The model of the series no route names.</summary>
    public ForecastModel Fallback => Route(ServedRoute.Default)!.Champion;

    public ServedRoute? Route(string name) => _routes.Find(route => route.Name == name);

    /// <summary>The route of <paramref name="series"/>: the first named route whose series it is, else <c>default</c> (remembered per series).</summary>
    public ServedRoute RouteOf(string series)
    {
        if (!_bySeries.TryGetValue(series, out ServedRoute? route))
        {
            route = _routes.Find(r => r.Names(series)) ?? _routes[^1];
            _bySeries[series] = route;
        }

        return route;
    }

    /// <summary>Whether a route other than <c>default</c> names <paramref name="series"/>.</summary>
    public bool IsRouted(string series) => RouteOf(series).Name != ServedRoute.Default;

    /// <summary>The processor whose row serves <paramref name="series"/> at <paramref name="minute"/> (where a new series' row is made).</summary>
    public ForecastProcessor ServingFor(string series, long minute) => RouteOf(series).Models.ServingFor(series, minute);

    /// <summary>The processor and slot of the row serving <paramref name="series"/>, if it is held (per bar: nothing allocated).</summary>
    public bool TryFindServing(string series, out ForecastProcessor processor, out int slot)
    {
        RouteModels models = RouteOf(series).Models;
        if (models.Promoted is { } promoted && promoted.Store.TryGet(series, out slot))
        {
            processor = promoted;
            return true;
        }

        processor = models.Champion;
        return processor.Store.TryGet(series, out slot);
    }

    /// <summary>What the processor's states are stamped with (see <see cref="ModelFingerprint"/>).</summary>
    public ulong Fingerprint(ForecastProcessor processor) => _fingerprints[processor];

    /// <summary>A new route serving <paramref name="series"/> with <paramref name="champion"/>, before <c>default</c>; series it takes from other routes leave their stores.</summary>
    public ServedRoute AddRoute(string name, SeriesAllowList series, ForecastModel champion)
    {
        var route = new ServedRoute(name, series, new RouteModels(Create(champion)));
        bool beforeDefault = name != ServedRoute.Default && Route(ServedRoute.Default) is not null;
        _routes.Insert(beforeDefault ? _routes.Count - 1 : _routes.Count, route);
        Rerouted();
        return route;
    }

    /// <summary>A new processor serving <paramref name="model"/>, registered.</summary>
    public ForecastProcessor Create(ForecastModel model)
    {
        var processor = new ForecastProcessor(model, Backend(model), _settings, MaxSeries);
        _owned.Add(processor);
        Register(processor, shadow: false);
        return processor;
    }

    /// <summary>A challenger's processors (shadow and promoted), registered.</summary>
    public ChallengerProcessors CreateChallenger(ForecastModel model)
    {
        var processors = new ChallengerProcessors(model, _settings, MaxSeries, Wrap);
        _owned.Add(processors);
        Register(processors.Shadow, shadow: true);
        Register(processors.Promoted, shadow: false);
        return processors;
    }

    /// <summary>Series follow the routes again (a route was added or its series changed): a series whose route changed leaves its old route's stores.</summary>
    public void Rerouted()
    {
        var moved = _bySeries.Where(pair => (_routes.Find(r => r.Names(pair.Key)) ?? _routes[^1]) != pair.Value).ToList();
        foreach (var (series, from) in moved)
        {
            foreach (ForecastProcessor processor in from.Models.Processors)
            {
                processor.Store.Remove(series);
            }
        }

        _bySeries.Clear();
    }

    public void Dispose()
    {
        // Processors before the engines their states came from.
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }
    }

    private void Register(ForecastProcessor processor, bool shadow)
    {
        ulong fingerprint = ModelFingerprint.Of(processor.Model, _settings);
        _fingerprints[processor] = fingerprint;
        _stores.Add(new ServedStore(processor.Store, fingerprint, shadow));
        if (!shadow)
        {
            _serving.Add(processor);
        }
    }

    private IRecurrentBackend Backend(ForecastModel model)
    {
        IRecurrentBackend backend = Wrap(new CpuLstmBackend(model.Checkpoint.Parameters));
        _owned.Add(backend);
        return backend;
    }

    private IRecurrentBackend Wrap(IRecurrentBackend cpu) => _telemetry is null ? cpu : new TimedBackend(cpu, _telemetry);
}
