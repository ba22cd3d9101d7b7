namespace StreamForecast.Forecasting.Store;

/// <summary>Bits of a row's <see cref="RowLayout.Flags"/>: transient, cleared when a series is restored.</summary>
[Flags]
internal enum RowFlags
{
    None = 0,

    /// <summary>Changed since it was last checkpointed (it is on the store's dirty list).</summary>
    Dirty = 1,

    /// <summary>Its LSTM step waits in the processor's current engine batch.</summary>
    Queued = 2,
}
