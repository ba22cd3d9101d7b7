namespace StreamForecast.Forecasting.Intervals;

/// <summary>
/// How a series' interval half-widths are issued and learn from realised forecasts, as code over its row.
/// Feedback is delayed as the data dictates: a forecast for t + h changes the state only when the bar at
/// t + h realises it, so it never shapes an interval issued before then; all realisations of a bar are
/// applied before its own forecast is issued.
/// </summary>
internal interface IIntervalMethod
{
    /// <summary>
    /// The half-widths of a forecast issued now, at <paramref name="minute"/>: recorded in the row for its
    /// realisation, and written to <paramref name="halfWidths"/> (interval models, K, levels) where published, NaN where not.
    /// </summary>
    void Issue(Span<byte> row, long minute, Span<double> halfWidths);

    /// <summary>
    /// The forecast made at <paramref name="minute"/> is realised at horizon <paramref name="h"/> by a bar that
    /// closed at <paramref name="actual"/> (the row's count of realisations at h already includes it).
    /// </summary>
    /// <param name="row">The series' row.</param>
    /// <param name="h">1..K.</param>
    /// <param name="minute">When the forecast was made (time / 60).</param>
    /// <param name="predicted">Its close at h of every model, in report order.</param>
    /// <param name="actual">The realising bar's close.</param>
    void Realise(Span<byte> row, int h, long minute, ReadOnlySpan<double> predicted, double actual);
}
