namespace StreamForecast.MarketData;

/// <summary>How to read a bar file beyond its detected layout.</summary>
/// <param name="Series">In a file with a series column, the series to read (null: every series, for <see cref="BarReader.ReadKeyed"/>).</param>
/// <param name="Columns"><c>time=…,close=…</c>: columns to use where the header's names are not recognised.</param>
/// <param name="TimeZone">The zone of date-times without an offset (default UTC), an IANA id such as America/New_York.</param>
internal sealed record BarFileOptions(string? Series = null, string? Columns = null, string? TimeZone = null)
{
    public static readonly BarFileOptions Default = new();

    public TimeZoneInfo? Zone()
    {
        if (TimeZone is null)
        {
            return null;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        }
        catch (TimeZoneNotFoundException)
        {
            throw new FormatException($"--tz {TimeZone}: unknown time zone (use an IANA id such as America/New_York)");
        }
    }
}
