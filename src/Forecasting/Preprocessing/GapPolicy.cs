using System.Globalization;

namespace StreamForecast.Forecasting.Preprocessing;

/// <summary>
/// The gap rule. Default: zero-fill gaps of up to 30 missing minutes and reset after longer ones, so
/// BTC's short outages are stepped through and EUR/USD's 48-hour weekends restart the series (LSTM
/// state, differencer, baselines) instead of feeding a weekend's move as one minute's flow.
/// </summary>
internal sealed record GapPolicy(GapMode Mode = GapMode.ZeroFill, int LimitMinutes = 30)
{
    public static readonly GapPolicy Default = new();

    public static GapPolicy Parse(string mode, int limitMinutes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limitMinutes);
        GapMode parsed = mode.ToUpperInvariant() switch
        {
            "ZERO-FILL" or "ZEROFILL" => GapMode.ZeroFill,
            "RESET" => GapMode.Reset,
            "CONTINUE" => GapMode.Continue,
            _ => throw new FormatException($"gap mode '{mode}' is not zero-fill, reset or continue"),
        };
        return new GapPolicy(parsed, limitMinutes);
    }

    public override string ToString() => Mode switch
    {
        GapMode.ZeroFill => string.Create(CultureInfo.InvariantCulture, $"zero-fill up to {LimitMinutes} min, reset beyond"),
        GapMode.Reset => string.Create(CultureInfo.InvariantCulture, $"one step up to {LimitMinutes} min, reset beyond"),
        _ => "continue across every gap",
    };

    public string ModeName => Mode switch { GapMode.ZeroFill => "zero-fill", GapMode.Reset => "reset", _ => "continue" };
}
