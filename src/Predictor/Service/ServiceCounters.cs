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
    private long _delivered;
    private long _alreadyApplied;
    private long _outputBytes;
    private long _shadowPredictions;
    private long _shadowFaults;

    /// <summary>Records consumed, valid or not.</summary>
    public long Consumed { get => Volatile.Read(ref _consumed); set => Volatile.Write(ref _consumed, value); }

    /// <summary>Valid bars processed and committed.</summary>
    public long Bars { get => Volatile.Read(ref _bars); set => Volatile.Write(ref _bars, value); }

    public long Predictions { get => Volatile.Read(ref _predictions); set => Volatile.Write(ref _predictions, value); }

    public long Scores { get => Volatile.Read(ref _scores); set => Volatile.Write(ref _scores, value); }

    public long DeadLetters { get => Volatile.Read(ref _deadLetters); set => Volatile.Write(ref _deadLetters, value); }

    public long Batches { get => Volatile.Read(ref _batches); set => Volatile.Write(ref _batches, value); }

    /// <summary>Predictions delivered to the broker (counted on the producer's thread).</summary>
    public long Delivered { get => Volatile.Read(ref _delivered); set => Volatile.Write(ref _delivered, value); }

    /// <summary>Bytes of output record values produced (predictions, scores, metrics; not dead letters or state).</summary>
    public long OutputBytes { get => Volatile.Read(ref _outputBytes); set => Volatile.Write(ref _outputBytes, value); }

    /// <summary>Bars skipped because their series' restored state already held them.</summary>
    public long AlreadyApplied { get => Volatile.Read(ref _alreadyApplied); set => Volatile.Write(ref _alreadyApplied, value); }

    /// <summary>A challenger's predictions in shadow.</summary>
    public long ShadowPredictions { get => Volatile.Read(ref _shadowPredictions); set => Volatile.Write(ref _shadowPredictions, value); }

    /// <summary>Bars a challenger in shadow could not forecast (the served model's outputs go on).</summary>
    public long ShadowFaults { get => Volatile.Read(ref _shadowFaults); set => Volatile.Write(ref _shadowFaults, value); }

    public override string ToString() =>
        $"{Consumed} consumed, {Bars} bars, {Predictions} predictions ({Delivered} delivered), {Scores} scores, {DeadLetters} dead letters, {AlreadyApplied} already in restored state, {Batches} batches";
}
