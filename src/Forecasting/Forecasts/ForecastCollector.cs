namespace StreamForecast.Forecasting.Forecasts;

/// <summary>
/// A sink that keeps what the processor produced as values (the backtest, verify, tests): every forecast, and
/// where asked for, what each bar realised, the faults and the metrics snapshots. Allocates per output, which
/// the service's own sink does not.
/// </summary>
internal sealed class ForecastCollector(bool scores = false, bool faults = false, bool metrics = false) : IForecastSink
{
    public List<Forecast> Forecasts { get; } = [];

    /// <summary>What each bar realised, in bar order (when asked for).</summary>
    public List<BarScores> Scores { get; } = [];

    public List<BarFault> Faults { get; } = [];

    public List<MetricsSnapshot> Metrics { get; } = [];

    public void Fault(in BarFault fault)
    {
        if (faults)
        {
            Faults.Add(fault);
        }
    }

    public void Realised(in Realisation realisation)
    {
        if (scores)
        {
            Scores.Add(BarScores.Of(realisation));
        }
    }

    public void Forecast(in ForecastView forecast) => Forecasts.Add(Forecasting.Forecasts.Forecast.Of(forecast));

    void IForecastSink.Metrics(in MetricsView view)
    {
        if (metrics)
        {
            Metrics.Add(MetricsSnapshot.Of(view));
        }
    }
}
