using System.Globalization;

namespace StreamForecast.MarketData;

/// <summary>
/// Bar times as unix seconds from what files hold: unix seconds, milliseconds or microseconds (told apart by
/// the first value's magnitude, then fixed for the file), or ISO 8601 date-times with or without an offset
/// (without one: UTC, or the given time zone).
/// </summary>
internal sealed class BarTime(TimeZoneInfo? zone)
{
    private long _divisor;

    /// <summary>What the file's times were read as, for the read summary.</summary>
    public string Unit { get; private set; } = "unknown";

    /// <summary>The UTC offset the file's first time with one was written in (its exchange's zone, as far as the file says).</summary>
    public TimeSpan? Offset { get; private set; }

    /// <summary>The unix seconds of <paramref name="text"/>, or an error saying why not.</summary>
    public string? TryParse(ReadOnlySpan<char> text, out long seconds)
    {
        seconds = 0;
        text = text.Trim().Trim('"');
        if (_divisor >= 0 && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long number))
        {
            if (_divisor == 0)
            {
                (_divisor, Unit) = Math.Abs(number) switch
                {
                    < 100_000_000_000 => (1L, "unix seconds"),
                    < 100_000_000_000_000 => (1_000L, "unix milliseconds"),
                    < 100_000_000_000_000_000 => (1_000_000L, "unix microseconds"),
                    _ => (0L, Unit),
                };
                if (_divisor == 0)
                {
                    return $"time too large for unix seconds, milliseconds or microseconds ({number})";
                }
            }

            if (number % _divisor != 0)
            {
                return $"time not on a whole second ({text}, read as {Unit})";
            }

            seconds = number / _divisor;
            return null;
        }

        if (_divisor > 0)
        {
            return $"unparsable time ('{text}'; the file's times are {Unit})";
        }

        if (SlashDate(text) is { } ambiguous)
        {
            return ambiguous;
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out DateTime local) && !HasOffset(text))
        {
            _divisor = -1;
            Unit = zone is null ? "ISO 8601 date-times, UTC" : $"ISO 8601 date-times in {zone.Id}";
            DateTime unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            seconds = new DateTimeOffset(unspecified, zone?.GetUtcOffset(unspecified) ?? TimeSpan.Zero).ToUnixTimeSeconds();
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out DateTimeOffset instant))
        {
            Offset ??= instant.Offset;
            _divisor = -1;
            Unit = "ISO 8601 date-times with offsets";
            seconds = instant.ToUnixTimeSeconds();
            return null;
        }

        return $"unparsable time ('{text}')";
    }

    /// <summary>A d/d/yyyy date is refused: whether 01/04/2024 is 1 April or 4 January, the file does not say.</summary>
    private static string? SlashDate(ReadOnlySpan<char> text)
    {
        int end = text.IndexOfAny(' ', 'T');
        string date = (end < 0 ? text : text[..end]).ToString();
        string[] parts = date.Split('/', '.');
        if (parts.Length != 3 || parts[2].Length != 4 || !parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit)))
        {
            return null;
        }

        int first = int.Parse(parts[0], CultureInfo.InvariantCulture), second = int.Parse(parts[1], CultureInfo.InvariantCulture);
        string DayMonth() => $"{parts[2]}-{second:00}-{first:00}";
        string MonthDay() => $"{parts[2]}-{first:00}-{second:00}";
        string forms = first > 12 ? DayMonth() : second > 12 ? MonthDay() : $"{DayMonth()} if it is day/month, {MonthDay()} if month/day";
        return $"date '{date}' is not ISO 8601 (day/month or month/day?): write times as yyyy-MM-dd HH:mm ({forms})";
    }

    private static bool HasOffset(ReadOnlySpan<char> text)
    {
        int t = text.IndexOfAny('T', ' ');
        if (t < 0)
        {
            return false;
        }

        ReadOnlySpan<char> time = text[(t + 1)..];
        return time.EndsWith("Z", StringComparison.OrdinalIgnoreCase) || time.IndexOfAny('+', '-') >= 0;
    }
}
