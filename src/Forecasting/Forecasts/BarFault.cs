namespace StreamForecast.Forecasting.Forecasts;

/// <summary>A bar the processor could not forecast from: no prediction and no score come of it.</summary>
/// <param name="Index">Its index in the bars given to <see cref="ForecastProcessor.Process"/>.</param>
/// <param name="Series">Its series.</param>
/// <param name="Timestamp">Its minute.</param>
/// <param name="Reason">Why, for a person.</param>
internal readonly record struct BarFault(int Index, string Series, long Timestamp, string Reason);
