using StreamForecast.Forecasting.Forecasts;

namespace StreamForecast.Forecasting.Rollout;

/// <summary>Runs bars a <see cref="RouteModels"/> handed out through one of its processors, with the sink of their role.</summary>
internal interface IRouteRunner
{
    /// <param name="processor">The processor whose rows the bars advance.</param>
    /// <param name="shadow">Whether its outputs are the challenger's in shadow (else they are served).</param>
    /// <param name="bars">Indexes into the bars given to <see cref="RouteModels.Process"/>, in their order.</param>
    void Run(ForecastProcessor processor, bool shadow, List<int> bars);
}
