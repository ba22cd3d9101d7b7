namespace StreamForecast.Forecasting.Forecasts;

/// <summary>How a model forecasts K steps ahead.</summary>
internal enum ForecastStrategy
{
    /// <summary>A one-step model rolled forward on a forked copy of the series' state, feeding back its forecasts.</summary>
    Recursive,

    /// <summary>A head with K outputs, trained on the next K flows.</summary>
    Direct,
}
