namespace StreamForecast.Forecasting.Preprocessing;

/// <summary>
/// Per-series online first differencing under a <see cref="GapPolicy"/>: turns each bar into a
/// <see cref="FlowStep"/> using only earlier bars. Its state is the last bar's time and close, held by the
/// caller (a series' row, or this object for a single series).
/// </summary>
internal sealed class FlowDifferencer(GapPolicy policy)
{
    private const long Minute = 60;

    private long _lastTimestamp = long.MinValue;
    private double _lastClose = double.NaN;

    public long LastTimestamp => _lastTimestamp;

    public double LastClose => _lastClose;

    /// <summary>The step for a bar later than the last one (callers skip the others; this throws on them).</summary>
    public FlowStep Next(long timestamp, double close) => Next(policy, ref _lastTimestamp, ref _lastClose, timestamp, close);

    /// <summary>The step for a bar of a series whose last bar time and close are given, which it updates.</summary>
    public static FlowStep Next(GapPolicy policy, ref long lastTimestamp, ref double lastClose, long timestamp, double close)
    {
        if (double.IsNaN(lastClose))
        {
            (lastTimestamp, lastClose) = (timestamp, close);
            return new FlowStep(Reset: true, 0, 0, double.NaN);
        }

        if (timestamp <= lastTimestamp)
        {
            throw new InvalidDataException($"bar at {timestamp} is not after the previous bar at {lastTimestamp}");
        }

        long missing = ((timestamp - lastTimestamp) / Minute) - 1;
        bool tooLong = missing > policy.LimitMinutes && policy.Mode != GapMode.Continue;
        if (tooLong)
        {
            (lastTimestamp, lastClose) = (timestamp, close);
            return new FlowStep(Reset: true, 0, missing, double.NaN);
        }

        int filled = policy.Mode == GapMode.ZeroFill ? (int)missing : 0;
        double flow = close - lastClose;
        (lastTimestamp, lastClose) = (timestamp, close);
        return new FlowStep(Reset: false, filled, missing, flow);
    }
}
