using StreamForecast.Predictor.Forecasting;

namespace StreamForecast.Predictor.Tests.Forecasting;

/// <summary>Collects every realised score.</summary>
internal sealed class ScoreList : List<RealizedScore>, IScoreSink
{
    public void Scored(SeriesState series, long timestamp, IReadOnlyList<RealizedScore> scores) => AddRange(scores);
}
