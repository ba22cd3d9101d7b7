using System.Text;
using System.Text.RegularExpressions;

namespace StreamForecast.Contracts;

/// <summary>
/// The rules a record of <see cref="TopicNames.Bars"/> must meet before anyone forecasts from it: a key of
/// bounded length, JSON of the known schema version, key = series, possible and finite prices in a sane
/// range, a timestamp on a minute, not in the future, and after the series' previous bar. The predictor
/// and the ingest's resume use the same rules. Never throws: every rejection has a code.
/// </summary>
public static partial class BarValidator
{
    /// <summary>The longest key and series name, in UTF-8 bytes.</summary>
    public const int MaxSeriesBytes = 256;

    /// <summary>
    /// The highest price accepted. Far above anything traded, and low enough that every forecast and
    /// squared error of such prices stays finite in double precision.
    /// </summary>
    public const double MaxPrice = 1e12;

    /// <summary>Checks one record.</summary>
    /// <param name="key">The record's key (the series), or null.</param>
    /// <param name="value">The record's value.</param>
    /// <param name="previousTimestamp">The series' last accepted minute, or <see cref="long.MinValue"/>.</param>
    /// <param name="latestTimestamp">The latest minute accepted (unix seconds): the wall clock plus the allowed skew.</param>
    /// <param name="maxValueBytes">The largest value accepted (a bar is about 150 bytes).</param>
    /// <returns>The bar, or why not.</returns>
    public static (MinuteBar? Bar, Rejection? Reason) Validate(string? key, ReadOnlySpan<byte> value, long previousTimestamp, long latestTimestamp, int maxValueBytes = int.MaxValue)
    {
        if (key is null)
        {
            return (null, new Rejection(Rejection.NoKey, "no key: bars are keyed by series"));
        }

        if (Encoding.UTF8.GetByteCount(key) > MaxSeriesBytes)
        {
            return (null, new Rejection(Rejection.SeriesTooLong, $"key of {Encoding.UTF8.GetByteCount(key)} bytes (at most {MaxSeriesBytes})"));
        }

        if (value.Length > maxValueBytes)
        {
            return (null, new Rejection(Rejection.TooLarge, $"value of {value.Length} bytes (at most {maxValueBytes})"));
        }

        MinuteBar? bar = null;
        if (!value.IsEmpty)
        {
            bar = MinuteBarJson.Read(value, key, out string? error);
            if (error is not null)
            {
                // NaN or ±Infinity, bare or quoted (what serialisers that allow them write), is not JSON; such a
                // bar is rejected as not finite rather than as malformed.
                Match nonFinite = NonFiniteField().Match(Encoding.UTF8.GetString(value));
                return (null, nonFinite.Success
                    ? new Rejection(Rejection.NotFinite, $"{nonFinite.Groups["field"].Value} is {nonFinite.Groups["value"].Value}: JSON has no NaN or Infinity; send finite numbers")
                    : new Rejection(Rejection.BadJson, $"bad JSON: {Shorten(error)}"));
            }
        }

        if (bar is null || bar.Series is null)
        {
            return (null, new Rejection(Rejection.NoSeries, "empty record or no series"));
        }

        return Check(bar, key, previousTimestamp, latestTimestamp);
    }

    /// <summary>Checks a parsed bar (see <see cref="Validate"/>).</summary>
    public static (MinuteBar? Bar, Rejection? Reason) Check(MinuteBar bar, string key, long previousTimestamp, long latestTimestamp)
    {
        ArgumentNullException.ThrowIfNull(bar);
        if (bar.SchemaVersion != Schemas.Version)
        {
            return (null, new Rejection(Rejection.UnknownSchema, $"unknown schemaVersion {bar.SchemaVersion} (this reader reads {Schemas.Version})"));
        }

        if (key != bar.Series)
        {
            return (null, new Rejection(Rejection.KeyMismatch, $"key '{Shorten(key)}' is not the bar's series '{Shorten(bar.Series)}'"));
        }

        if (!double.IsFinite(bar.Open) || !double.IsFinite(bar.High) || !double.IsFinite(bar.Low) || !double.IsFinite(bar.Close) || !double.IsFinite(bar.Volume))
        {
            return (null, new Rejection(Rejection.NotFinite, "a price or the volume is not finite"));
        }

        if (bar.Open <= 0 || bar.Low <= 0 || bar.Close <= 0 || bar.High < Math.Max(bar.Open, bar.Close) || bar.Low > Math.Min(bar.Open, bar.Close) || bar.Volume < 0)
        {
            return (null, new Rejection(Rejection.ImpossiblePrices, "impossible prices (non-positive, high below open/close, low above open/close) or negative volume"));
        }

        if (bar.High > MaxPrice)
        {
            return (null, new Rejection(Rejection.PriceOutOfRange, FormattableString.Invariant($"price {bar.High:G6} is above {MaxPrice:G3}")));
        }

        if (bar.Timestamp % 60 != 0)
        {
            return (null, new Rejection(Rejection.OffMinute, FormattableString.Invariant($"timestamp {bar.Timestamp} is not on a minute")));
        }

        if (bar.Timestamp > latestTimestamp)
        {
            return (null, new Rejection(Rejection.FutureTimestamp, FormattableString.Invariant($"timestamp {bar.Timestamp} is later than the wall clock allows ({latestTimestamp})")));
        }

        if (bar.Timestamp <= previousTimestamp)
        {
            return (null, new Rejection(Rejection.OutOfOrder, FormattableString.Invariant($"out-of-order minute: {bar.Timestamp} is not after the series' last bar {previousTimestamp}")));
        }

        return (bar, null);
    }

    /// <summary>A price or the volume written as NaN or ±Infinity, bare or quoted.</summary>
    [GeneratedRegex("""
        "(?<field>open|high|low|close|volume)"\s*:\s*"?(?<value>[+-]?(?:NaN|Infinity|inf))"?[\s,}]
        """, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex NonFiniteField();

    /// <summary>At most 80 characters of a text that came from the record, so a reason never repeats a huge input.</summary>
    private static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 77), "...");
}
