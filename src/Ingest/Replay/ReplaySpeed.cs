using System.Globalization;

namespace StreamForecast.Ingest.Replay;

/// <summary>How fast bars are replayed: as fast as the broker takes them, or event time scaled by a factor.</summary>
/// <param name="Factor">Event seconds per wall second; +∞ for <c>max</c>.</param>
internal readonly record struct ReplaySpeed(double Factor)
{
    public static readonly ReplaySpeed Max = new(double.PositiveInfinity);

    public bool IsMax => double.IsPositiveInfinity(Factor);

    /// <summary><c>max</c>, <c>realtime</c> (1x), or a multiplier such as <c>60x</c>.</summary>
    public static ReplaySpeed Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "max" => Max,
        "realtime" => new ReplaySpeed(1),
        string value when value.EndsWith('x')
            && double.TryParse(value[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double factor) && factor > 0 && double.IsFinite(factor) => new ReplaySpeed(factor),
        _ => throw new FormatException($"--speed '{text}' is not max, realtime or a positive multiplier like 60x"),
    };

    /// <summary>How long to wait before sending a bar at <paramref name="eventOffset"/> after the first, given the elapsed wall time.</summary>
    public TimeSpan DelayFor(TimeSpan eventOffset, TimeSpan elapsed)
    {
        if (IsMax)
        {
            return TimeSpan.Zero;
        }

        TimeSpan due = eventOffset / Factor;
        return due > elapsed ? due - elapsed : TimeSpan.Zero;
    }

    public override string ToString() => IsMax ? "max" : Factor == 1 ? "realtime" : string.Create(CultureInfo.InvariantCulture, $"{Factor}x");
}
