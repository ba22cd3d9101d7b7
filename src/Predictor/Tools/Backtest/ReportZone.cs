using System.Globalization;
using StreamForecast.MarketData;

namespace StreamForecast.Predictor.Tools.Backtest;

/// <summary>
/// The zone a report shows times in: <c>--tz</c> when given, else the offset the file's times were written with,
/// else UTC. A New York session is drawn from 09:30, not 14:30.
/// </summary>
internal sealed class ReportZone
{
    private readonly TimeZoneInfo _zone;

    private ReportZone(TimeZoneInfo zone, string name)
    {
        _zone = zone;
        Name = name;
    }

    public static ReportZone Utc { get; } = new(TimeZoneInfo.Utc, "UTC");

    /// <summary>How the zone is named on the page: an IANA id, or "UTC-05:00".</summary>
    public string Name { get; }

    public static ReportZone Of(BarFileOptions options, BarReadReport read)
    {
        if (options.Zone() is { } zone)
        {
            return new ReportZone(zone, zone.Id);
        }

        if (read.Offset is { } offset && offset != TimeSpan.Zero)
        {
            string name = string.Create(CultureInfo.InvariantCulture, $"UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset.Duration():hh\\:mm}");
            return new ReportZone(TimeZoneInfo.CreateCustomTimeZone(name, offset, name, name), name);
        }

        return Utc;
    }

    /// <summary>Unix seconds shifted so that, drawn as UTC, they read as wall-clock time in this zone.</summary>
    public long Shift(long unixSeconds) => unixSeconds + (long)_zone.GetUtcOffset(DateTimeOffset.FromUnixTimeSeconds(unixSeconds)).TotalSeconds;
}
