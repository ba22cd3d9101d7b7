using System.Globalization;

namespace StreamForecast.Forecasting.Rollout;

/// <summary>The minutes a rollout names (<c>--start-at</c>, <c>--promote-at</c>): ISO times, UTC unless they carry an offset, on a whole minute.</summary>
internal static class RolloutMinute
{
    /// <summary>Unix seconds of <paramref name="text"/> (<c>2017-06-23T12:00</c>, <c>2017-06-23 12:00Z</c>, <c>2017-06-23</c> for its midnight).</summary>
    /// <exception cref="FormatException">Not an ISO time, or not on a whole minute: the sentence names the option.</exception>
    public static long Parse(string text, string option)
    {
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset instant)
            || text.Contains('/', StringComparison.Ordinal))
        {
            throw new FormatException($"{option} '{text}' is not a time: write it as yyyy-MM-ddTHH:mm (UTC unless it carries an offset, e.g. 2017-06-23T12:00)");
        }

        long seconds = instant.ToUnixTimeSeconds();
        if (seconds % 60 != 0 || instant.Millisecond != 0)
        {
            throw new FormatException($"{option} '{text}' is not on a whole minute: a rollout moves at a bar's minute");
        }

        return seconds;
    }

    /// <summary><c>2017-06-23T12:00Z</c>.</summary>
    public static string Format(long seconds) =>
        DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);
}
