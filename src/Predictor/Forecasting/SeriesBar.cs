using StreamForecast.MarketData;

namespace StreamForecast.Predictor.Forecasting;

/// <summary>A bar and the series it belongs to.</summary>
internal readonly record struct SeriesBar(string Series, Bar Bar);
