namespace StreamForecast.Predictor.Forecasting;

/// <summary>
/// Receives each bar's realised scores at the moment they are scored, so running metrics read from the
/// series' <see cref="ScoreBoard"/> include exactly the bars up to this one, however bars are batched.
/// </summary>
internal interface IScoreSink
{
    void Scored(SeriesState series, long timestamp, IReadOnlyList<RealizedScore> scores);
}
