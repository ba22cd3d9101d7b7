namespace StreamForecast.Forecasting.Forecasts;

/// <summary>What became of one bar of a chunk so far.</summary>
internal enum EntryState : byte
{
    None,

    /// <summary>Its minute was not after its series' last one.</summary>
    Skipped,

    /// <summary>It failed (see <see cref="ChunkEntry.Fault"/>): no outputs.</summary>
    Fault,

    /// <summary>The first bar of a segment: no flow, no forecast.</summary>
    Warmup,

    /// <summary>Its series' LSTM step is queued or done: it gets a forecast.</summary>
    Forecast,
}

/// <summary>Per-bar work of one chunk (its K scaled outputs and baseline parameters are in flat arrays at the same index).</summary>
internal struct ChunkEntry
{
    public int Slot;
    public EntryState State;
    public string? Fault;

    /// <summary>The scaler's state the bar's flow was scaled with.</summary>
    public double ScalerState;

    /// <summary>The bar's number in its series.</summary>
    public long Ordinal;
}
