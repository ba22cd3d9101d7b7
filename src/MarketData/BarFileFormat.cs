namespace StreamForecast.MarketData;

/// <summary>Bar file layouts, recognised by their header line.</summary>
internal enum BarFileFormat
{
    /// <summary><c>timestamp,open,high,low,close,volume</c> (unix seconds UTC), as in data/.</summary>
    Normalised,

    /// <summary>
    /// Kaggle bitstamp: <c>Timestamp,Open,High,Low,Close,Volume_(BTC),Volume_(Currency),Weighted_Price</c>,
    /// with <c>NaN</c> rows for minutes without trades.
    /// </summary>
    KaggleBitstamp,
}
