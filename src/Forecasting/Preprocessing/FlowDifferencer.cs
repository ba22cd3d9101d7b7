namespace StreamForecast.Forecasting.Preprocessing;

/// <summary>
/// Per-series online first differencing under a <see cref="GapPolicy"/>: turns each bar into a
/// <see cref="FlowStep"/> using only earlier bars. Its state is the last bar's time and close.
/// </summary>
internal sealed class FlowDifferencer(GapPolicy policy)
{
    private const long Minute = 60;

    public long LastTimestamp { get; private set; } = long.MinValue;

    public double LastClose { get; private set; } = double.NaN;

    /// <summary>The step for a bar later than the last one (callers skip the others; this throws on them).</summary>
    public FlowStep Next(long timestamp, double close)
    {
        if (double.IsNaN(LastClose))
        {
            Remember(timestamp, close);
            return new FlowStep(Reset: true, 0, 0, double.NaN);
        }

        if (timestamp <= LastTimestamp)
        {
            throw new InvalidDataException($"bar at {timestamp} is not after the previous bar at {LastTimestamp}");
        }

        long missing = ((timestamp - LastTimestamp) / Minute) - 1;
        bool tooLong = missing > policy.LimitMinutes && policy.Mode != GapMode.Continue;
        if (tooLong)
        {
            Remember(timestamp, close);
            return new FlowStep(Reset: true, 0, missing, double.NaN);
        }

        int filled = policy.Mode == GapMode.ZeroFill ? (int)missing : 0;
        double flow = close - LastClose;
        Remember(timestamp, close);
        return new FlowStep(Reset: false, filled, missing, flow);
    }

    /// <summary>Forgets the last close: the next bar starts a new segment (its time still orders later bars).</summary>
    public void Forget() => LastClose = double.NaN;

    /// <summary>Restores the state of a snapshot.</summary>
    public void Restore(long lastTimestamp, double lastClose) => Remember(lastTimestamp, lastClose);

    private void Remember(long timestamp, double close)
    {
        LastTimestamp = timestamp;
        LastClose = close;
    }
}
