using StreamForecast.Forecasting.Forecasts;

namespace StreamForecast.Forecasting.Rollout;

/// <summary>
/// One route's models and which of them each bar goes to: the champion serves every series; a challenger, once
/// given, runs beside it in shadow (its own rows: (h, c), scaler, intervals, scores) from each series' first bar
/// at or after its start minute, and from the first bar at or after its promotion minute that warm row moves to
/// the challenger's serving store and the champion's row is freed: no forecast, interval or score is lost.
/// Shared by <c>backtest</c> and the service, so both hand the same bars to the same rows.
/// </summary>
/// <remarks>
/// Decisions depend only on each series' bars and the plan; a call is cut where a series crosses the promotion
/// minute within it, so the rows move between its bars whatever the batching. Nothing is allocated per bar.
/// </remarks>
internal sealed class RouteModels
{
    private readonly List<int> _champion = [];
    private readonly List<int> _shadow = [];
    private readonly List<int> _promoted = [];
    private readonly HashSet<string> _inSegment = new(StringComparer.Ordinal);

    /// <param name="champion">Serves every series not yet promoted.</param>
    /// <param name="counts">Where promotions are counted (a route's, kept as its models change).</param>
    public RouteModels(ForecastProcessor champion, PromotionCounts? counts = null) => (Champion, Counts) = (champion, counts ?? new PromotionCounts());

    /// <summary>Serves every series not yet promoted.</summary>
    public ForecastProcessor Champion { get; }

    /// <summary>The challenger's rows in shadow, or null.</summary>
    public ForecastProcessor? Shadow { get; private set; }

    /// <summary>The challenger's rows once promoted, or null.</summary>
    public ForecastProcessor? Promoted { get; private set; }

    public ChallengerPlan? Plan { get; private set; }

    /// <summary>Series promoted so far, warm or cold.</summary>
    public PromotionCounts Counts { get; }

    /// <summary>Every processor this route holds rows in: the champion, then the challenger's shadow and promoted ones.</summary>
    public IEnumerable<ForecastProcessor> Processors
    {
        get
        {
            yield return Champion;
            if (Shadow is not null)
            {
                yield return Shadow;
                yield return Promoted!;
            }
        }
    }

    /// <summary>Puts a challenger beside the champion: two processors of its model (shadow rows, serving rows) and its plan.</summary>
    public void Challenge(ForecastProcessor shadow, ForecastProcessor promoted, ChallengerPlan plan)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(shadow.Store.Layout.Bytes, promoted.Store.Layout.Bytes, nameof(promoted));
        (Shadow, Promoted, Plan) = (shadow, promoted, plan);
    }

    /// <summary>A new plan for the same challenger (a promotion minute set).</summary>
    public void Replan(ChallengerPlan plan) => Plan = Shadow is null ? throw new InvalidOperationException("no challenger to re-plan") : plan;

    /// <summary>The processor whose row serves <paramref name="series"/> at <paramref name="minute"/>, before any bar of it moves a row.</summary>
    public ForecastProcessor ServingFor(string series, long minute)
    {
        if (Promoted is { } promoted && (promoted.Store.TryGet(series, out _) || (Plan!.Serves(minute) && !Champion.Store.TryGet(series, out _))))
        {
            return promoted;
        }

        return Champion;
    }

    /// <summary>Hands each bar to the processors of its series: the serving one, and the shadow one while the challenger shadows.</summary>
    public void Process(ReadOnlySpan<SeriesBar> bars, IRouteRunner runner)
    {
        for (int i = 0; i < bars.Length; i++)
        {
            string series = bars[i].Series;
            long minute = bars[i].Bar.Timestamp;
            if (Plan is { } plan && plan.Serves(minute) && !Promoted!.Store.TryGet(series, out _))
            {
                if (_inSegment.Contains(series))
                {
                    Flush(runner);
                }

                Promote(series);
            }

            if (Promoted is { } promoted && (Plan!.Serves(minute) || promoted.Store.TryGet(series, out _)))
            {
                _promoted.Add(i);
            }
            else
            {
                _champion.Add(i);
                if (Plan is { } shadowing && shadowing.Shadows(minute))
                {
                    _shadow.Add(i);
                }
            }

            _inSegment.Add(series);
        }

        Flush(runner);
    }

    /// <summary>The challenger's warm row starts serving and the champion's is freed; without a warm row (a late challenger) it starts cold.</summary>
    private void Promote(string series)
    {
        bool champion = Champion.Store.Remove(series);
        if (Shadow!.Store.MoveTo(series, Promoted!.Store))
        {
            Counts.Warm++;
        }
        else if (champion)
        {
            Counts.Cold++;
        }
    }

    private void Flush(IRouteRunner runner)
    {
        Run(runner, Champion, shadow: false, _champion);
        Run(runner, Shadow, shadow: true, _shadow);
        Run(runner, Promoted, shadow: false, _promoted);
        _inSegment.Clear();
    }

    private static void Run(IRouteRunner runner, ForecastProcessor? processor, bool shadow, List<int> bars)
    {
        if (bars.Count > 0)
        {
            runner.Run(processor!, shadow, bars);
            bars.Clear();
        }
    }
}
