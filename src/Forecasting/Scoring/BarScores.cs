namespace StreamForecast.Forecasting.Scoring;

/// <summary>What one bar realised: the forecasts made 1..K minutes before it, scored, by ascending horizon.</summary>
/// <param name="Series">The series.</param>
/// <param name="Timestamp">The realising bar's minute.</param>
/// <param name="Actual">Its close.</param>
/// <param name="Forecasts">At least one.</param>
internal sealed record BarScores(string Series, long Timestamp, double Actual, IReadOnlyList<RealisedForecast> Forecasts)
{
    /// <summary>The one-minute forecast this bar realised, if any.</summary>
    public RealisedForecast? OneMinute => Forecasts.Count > 0 && Forecasts[0].Horizon == 1 ? Forecasts[0] : null;
}
