namespace StreamForecast.Forecasting.Forecasts;

/// <summary>
/// Where <see cref="ForecastProcessor.Process"/> hands what each bar produced, in bar order and within a bar in
/// this order: a fault (and nothing else), or what it realised, its forecast, its series' metrics when due.
/// The views are spans over the processor's own buffers: read them during the call, copy what is kept.
/// </summary>
internal interface IForecastSink
{
    /// <summary>A bar that could not be forecast from: no prediction and no score come of it.</summary>
    void Fault(in BarFault fault);

    /// <summary>The earlier forecasts a bar realised (called only when it realised at least one).</summary>
    void Realised(in Realisation realisation);

    /// <summary>The forecast made at a bar that has a flow.</summary>
    void Forecast(in ForecastView forecast);

    /// <summary>A series' running metrics every <see cref="ForecastSettings.MetricsEvery"/> of its bars.</summary>
    void Metrics(in MetricsView metrics);
}
