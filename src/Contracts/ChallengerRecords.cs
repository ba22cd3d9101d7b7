namespace StreamForecast.Contracts;

/// <summary>How a route's challenger in shadow marks its records beside the served model's.</summary>
public static class ChallengerRecords
{
    /// <summary>The <c>role</c> of a challenger's Score and SeriesMetrics records (absent on the served model's).</summary>
    public const string Role = "challenger";

    /// <summary>
    /// Keys of a challenger's records: <c>SERIES#challenger</c> on the scores and metrics topics (beside the served
    /// model's, keyed by the series) and on the predictor's state topic. Its predictions keep the series as key, on
    /// <see cref="TopicNames.ChallengerPredictions"/>.
    /// </summary>
    public const string KeySuffix = "#" + Role;
}
