namespace StreamForecast.Predictor.Service;

/// <summary>What the service has done (written by its thread, read by whoever watches it).</summary>
internal sealed class ServiceCounters
{
    private long _consumed;
    private long _bars;
    private long _predictions;
    private long _scores;
    private long _deadLetters;
    private long _batches;

    /// <summary>Records consumed, valid or not.</summary>
    public long Consumed { get => Volatile.Read(ref _consumed); set => Volatile.Write(ref _consumed, value); }

    /// <summary>Valid bars processed and committed.</summary>
    public long Bars { get => Volatile.Read(ref _bars); set => Volatile.Write(ref _bars, value); }

    public long Predictions { get => Volatile.Read(ref _predictions); set => Volatile.Write(ref _predictions, value); }

    public long Scores { get => Volatile.Read(ref _scores); set => Volatile.Write(ref _scores, value); }

    public long DeadLetters { get => Volatile.Read(ref _deadLetters); set => Volatile.Write(ref _deadLetters, value); }

    public long Batches { get => Volatile.Read(ref _batches); set => Volatile.Write(ref _batches, value); }

    // The most recent latencies only: the service runs for months (the full distribution is the
    // stream.predictor.prediction.latency histogram).
    private const int Window = 1 << 16;
    private readonly double[] _latencies = new double[Window];
    private readonly Lock _latencyGate = new();
    private long _latencyCount;

    /// <summary>Records a bar's time from consumption to the delivery of what it produced.</summary>
    public void AddLatency(double milliseconds)
    {
        lock (_latencyGate)
        {
            _latencies[_latencyCount++ % Window] = milliseconds;
        }
    }

    /// <summary>Consumption-to-delivery latency percentile in ms over the last 65,536 bars (NaN before any).</summary>
    public double Latency(double quantile)
    {
        double[] recent;
        lock (_latencyGate)
        {
            recent = _latencies[..(int)Math.Min(_latencyCount, Window)];
        }

        if (recent.Length == 0)
        {
            return double.NaN;
        }

        Array.Sort(recent);
        return recent[Math.Min(recent.Length - 1, (int)(quantile * recent.Length))];
    }

    public override string ToString() =>
        $"{Consumed} consumed, {Bars} bars, {Predictions} predictions, {Scores} scores, {DeadLetters} dead letters, {Batches} batches";
}
