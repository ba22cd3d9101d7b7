using StreamForecast.Forecasting.Forecasts;

namespace StreamForecast.Forecasting.Rollout;

/// <summary>A challenger model and when it runs (<c>backtest --challenger M --start-at T1 [--promote-at T2]</c>, or a models record).</summary>
internal sealed record Challenge(ForecastModel Model, ChallengerPlan Plan);
