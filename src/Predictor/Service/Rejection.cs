namespace StreamForecast.Predictor.Service;

/// <summary>Why a record went to the dead-letter topic.</summary>
/// <param name="Code">One of the constants below: bounded, so it can tag a metric.</param>
/// <param name="Detail">The full reason, for the record's header.</param>
internal readonly record struct Rejection(string Code, string Detail)
{
    public const string BadJson = "bad-json";
    public const string NoSeries = "no-series";
    public const string UnknownSchema = "unknown-schema";
    public const string KeyMismatch = "key-mismatch";
    public const string NotFinite = "not-finite";
    public const string ImpossiblePrices = "impossible-prices";
    public const string OffMinute = "off-minute";
    public const string OutOfOrder = "out-of-order";
}
