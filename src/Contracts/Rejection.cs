namespace StreamForecast.Contracts;

/// <summary>
/// Why a record was rejected: a code from a fixed set (the <see cref="Schemas.ReasonCodeHeader"/> of its dead
/// letter and the <c>reason</c> tag of the dead-letter metric) and the detail (<see cref="Schemas.ReasonHeader"/>).
/// </summary>
/// <param name="Code">One of the constants below.</param>
/// <param name="Detail">What exactly was wrong, for a person.</param>
public readonly record struct Rejection(string Code, string Detail)
{
    /// <summary>The record has no key: its partition says nothing about its series, so its order cannot be trusted.</summary>
    public const string NoKey = "no-key";

    /// <summary>The key or the series name is longer than <see cref="BarValidator.MaxSeriesBytes"/> bytes.</summary>
    public const string SeriesTooLong = "series-too-long";

    /// <summary>The value is larger than a bar can be (<c>Predictor:MaxBarBytes</c>, 4 KiB by default).</summary>
    public const string TooLarge = "too-large";

    /// <summary>The value is not JSON of the bar's shape.</summary>
    public const string BadJson = "bad-json";

    /// <summary>An empty record, or no series in it.</summary>
    public const string NoSeries = "no-series";

    /// <summary>A schemaVersion this reader does not know.</summary>
    public const string UnknownSchema = "unknown-schema";

    /// <summary>The key is not the bar's series.</summary>
    public const string KeyMismatch = "key-mismatch";

    /// <summary>A price or the volume is NaN or infinite.</summary>
    public const string NotFinite = "not-finite";

    /// <summary>Non-positive prices, high below open/close, low above open/close, or negative volume.</summary>
    public const string ImpossiblePrices = "impossible-prices";

    /// <summary>A price above <see cref="BarValidator.MaxPrice"/>: finite, but no market trades there.</summary>
    public const string PriceOutOfRange = "price-out-of-range";

    /// <summary>The timestamp is not on a minute.</summary>
    public const string OffMinute = "off-minute";

    /// <summary>The timestamp is later than the wall clock plus the allowed skew.</summary>
    public const string FutureTimestamp = "future-timestamp";

    /// <summary>The minute is not after the series' previous bar (a duplicate or an older bar).</summary>
    public const string OutOfOrder = "out-of-order";

    /// <summary>The instance already holds its maximum number of series.</summary>
    public const string SeriesLimit = "series-limit";

    /// <summary>The series is not on the configured allow-list.</summary>
    public const string UnknownSeries = "unknown-series";

    /// <summary>The bar passed every check but its forecasts could not be computed as finite numbers.</summary>
    public const string ForecastFailed = "forecast-failed";

    /// <summary>A record of the models topic that is not a valid model for its route (on the models' dead-letter topic).</summary>
    public const string BadModel = "bad-model";

    /// <summary>Every code, in the order above.</summary>
    public static IReadOnlyList<string> Codes { get; } =
    [
        NoKey, SeriesTooLong, TooLarge, BadJson, NoSeries, UnknownSchema, KeyMismatch, NotFinite, ImpossiblePrices, PriceOutOfRange,
        OffMinute, FutureTimestamp, OutOfOrder, SeriesLimit, UnknownSeries, ForecastFailed, BadModel,
    ];
}
