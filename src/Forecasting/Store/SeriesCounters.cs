namespace StreamForecast.Forecasting.Store;

/// <summary>What a series has been through, counted in its row's <see cref="RowLayout.Counters"/>, by index.</summary>
internal static class SeriesCounters
{
    /// <summary>Bars applied (the metrics' ordinal).</summary>
    public const int Bars = 0;

    /// <summary>Bars that followed missing minutes (every gap is counted).</summary>
    public const int Gaps = 1;

    public const int MissingMinutes = 2;

    public const int FilledMinutes = 3;

    /// <summary>Restarts after gaps beyond the limit (the first bar is not counted).</summary>
    public const int Resets = 4;

    /// <summary>Bars without a forecast: a segment's first bar has no flow yet.</summary>
    public const int Warmup = 5;

    /// <summary>Bars skipped because their minute was not after the series' last one.</summary>
    public const int Skipped = 6;

    /// <summary>Their names, by index (state JSON, docs).</summary>
    public static readonly string[] Names = ["bars", "gaps", "missing_minutes", "filled_minutes", "resets", "warmup_bars", "skipped_bars"];
}
