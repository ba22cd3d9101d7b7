using StreamForecast.Forecasting.Forecasts;

namespace StreamForecast.Forecasting.Rollout;

/// <summary>
/// Collects what a <see cref="RouteModels"/> produces, per processor and role (the served outputs of the
/// champion, then of the promoted challenger; the challenger's in shadow): the offline side of a rollout, for
/// <c>backtest</c> and the expected records the service must publish.
/// </summary>
internal sealed class RouteCollector(bool scores = false, bool metrics = false) : IRouteRunner
{
    private readonly List<Part> _parts = [];
    private SeriesBar[] _bars = [];
    private SeriesBar[] _subset = [];

    /// <summary>The outputs of one processor in one role, with the model that made them.</summary>
    public sealed record Part(ForecastProcessor Processor, bool Shadow, ForecastCollector Outputs);

    /// <summary>In the order each processor first produced.</summary>
    public IReadOnlyList<Part> Parts => _parts;

    /// <summary>Every served forecast, in order (the champion's, then the promoted challenger's).</summary>
    public IEnumerable<Forecast> Served => _parts.Where(part => !part.Shadow).SelectMany(part => part.Outputs.Forecasts);

    /// <summary>Every forecast the challenger made in shadow.</summary>
    public IEnumerable<Forecast> Shadowed => _parts.Where(part => part.Shadow).SelectMany(part => part.Outputs.Forecasts);

    /// <summary>Runs <paramref name="bars"/> through the route's processors into this collector.</summary>
    public void Process(RouteModels route, SeriesBar[] bars, int count)
    {
        _bars = bars;
        route.Process(bars.AsSpan(0, count), this);
    }

    public void Run(ForecastProcessor processor, bool shadow, List<int> bars)
    {
        if (_subset.Length < bars.Count)
        {
            _subset = new SeriesBar[Math.Max(bars.Count, _bars.Length)];
        }

        for (int i = 0; i < bars.Count; i++)
        {
            _subset[i] = _bars[bars[i]];
        }

        Part? part = _parts.Find(p => p.Processor == processor && p.Shadow == shadow);
        if (part is null)
        {
            part = new Part(processor, shadow, new ForecastCollector(scores, metrics: metrics));
            _parts.Add(part);
        }

        processor.Process(_subset.AsSpan(0, bars.Count), part.Outputs);
    }
}
