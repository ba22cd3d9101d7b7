using StreamForecast.Engine.Inference;
using StreamForecast.Forecasting.Forecasts;

namespace StreamForecast.Forecasting.Rollout;

/// <summary>
/// A challenger's two processors on the CPU engine, owned here: one for its rows in shadow, one for its rows once
/// promoted (the same model and layout, so a row moves between them by a copy).
/// </summary>
internal sealed class ChallengerProcessors : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public ChallengerProcessors(ForecastModel model, ForecastSettings settings, int maxSeries = int.MaxValue, Func<IRecurrentBackend, IRecurrentBackend>? wrap = null)
    {
        Shadow = Create(model, settings, maxSeries, wrap);
        Promoted = Create(model, settings, maxSeries, wrap);
    }

    public ForecastProcessor Shadow { get; }

    public ForecastProcessor Promoted { get; }

    /// <summary>Gives <paramref name="route"/> this challenger, running by <paramref name="plan"/>.</summary>
    public RouteModels Join(RouteModels route, ChallengerPlan plan)
    {
        route.Challenge(Shadow, Promoted, plan);
        return route;
    }

    public void Dispose()
    {
        foreach (IDisposable owned in _owned)
        {
            owned.Dispose();
        }
    }

    private ForecastProcessor Create(ForecastModel model, ForecastSettings settings, int maxSeries, Func<IRecurrentBackend, IRecurrentBackend>? wrap)
    {
        IRecurrentBackend cpu = new CpuLstmBackend(model.Checkpoint.Parameters);
        IRecurrentBackend backend = wrap?.Invoke(cpu) ?? cpu;
        var processor = new ForecastProcessor(model, backend, settings, maxSeries);
        _owned.Add(processor);
        _owned.Add(backend);

        return processor;
    }
}
