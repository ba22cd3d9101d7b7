using System.Globalization;

namespace StreamForecast.MarketData;

/// <summary>A half-open range of unix seconds [From, To).</summary>
internal readonly record struct DateRange(long From, long To)
{
    public static readonly DateRange All = new(long.MinValue, long.MaxValue);

    public bool Contains(long timestamp) => timestamp >= From && timestamp < To;

    /// <summary>
    /// From command-line dates: a plain date <c>2017-06-30</c> means the whole day, so <c>--to</c> is
    /// inclusive of that day; a date-time (<c>2017-06-30T12:00Z</c>) is taken exactly. Times are UTC.
    /// </summary>
    /// <exception cref="FormatException">Not a date, or --from after --to.</exception>
    public static DateRange Parse(string? from, string? to)
    {
        var range = new DateRange(from is null ? long.MinValue : ParseBound(from, endOfDay: false), to is null ? long.MaxValue : ParseBound(to, endOfDay: true));
        return range.From >= range.To ? throw new FormatException($"--from {from} is not before --to {to}: the range is empty.") : range;
    }

    private static long ParseBound(string text, bool endOfDay)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day))
        {
            DateOnly start = endOfDay ? day.AddDays(1) : day;
            return new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset instant))
        {
            return instant.ToUnixTimeSeconds();
        }

        throw new FormatException($"'{text}' is not a date (yyyy-MM-dd) or an ISO 8601 date-time.");
    }

    public static string Format(long timestamp) =>
        DateTimeOffset.FromUnixTimeSeconds(timestamp).UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
