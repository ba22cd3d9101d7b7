using StreamForecast.MarketData;

namespace StreamForecast.Forecasting.Forecasts;

/// <summary>A bar and the series it belongs to.</summary>
internal readonly record struct SeriesBar(string Series, Bar Bar);
