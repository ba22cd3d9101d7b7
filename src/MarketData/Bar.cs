namespace StreamForecast.MarketData;

/// <summary>One minute bar; <see cref="Timestamp"/> is unix seconds (UTC) at the start of the minute.</summary>
internal readonly record struct Bar(long Timestamp, double Open, double High, double Low, double Close, double Volume);
