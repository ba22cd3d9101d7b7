namespace StreamForecast.Forecasting.Rollout;

/// <summary>How a route's series came to be served by a challenger (written by the processing thread, read by the metrics).</summary>
internal sealed class PromotionCounts
{
    private long _warm;
    private long _cold;
    private long _record;

    /// <summary>At the promotion minute, with the row warm since the start minute.</summary>
    public long Warm { get => Volatile.Read(ref _warm); set => Volatile.Write(ref _warm, value); }

    /// <summary>At the promotion minute without a row in shadow (the challenger came after the series' start): it starts cold.</summary>
    public long Cold { get => Volatile.Read(ref _cold); set => Volatile.Write(ref _cold, value); }

    /// <summary>By a champion record naming the challenger before the series reached the promotion minute.</summary>
    public long Record { get => Volatile.Read(ref _record); set => Volatile.Write(ref _record, value); }
}
