using StreamForecast.MarketData;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Intervals;
using StreamForecast.Forecasting.Scoring;

namespace StreamForecast.Predictor.Tools.Backtest;

/// <summary>What a backtest produced: every forecast, the scores, and the counts behind them.</summary>
internal sealed record BacktestResult(
    string Series,
    string ModelId,
    string From,
    string To,
    int Horizon,
    string GapRule,
    BarReadReport Read,
    SeriesState State,
    IReadOnlyList<Forecast> Forecasts,
    IReadOnlyList<(long Timestamp, double Close)> Actuals,
    TimeSpan Elapsed,
    IntervalSettings Intervals)
{
    public ScoreBoard Scores => State.Scorer.Board;

    /// <summary>Interval scores of model slot <paramref name="slot"/> (see <see cref="IntervalSettings.Models"/>) at h and level index.</summary>
    public IntervalMetrics IntervalScores(int slot, int h, int level) => State.Scorer.Intervals.Metrics(slot, h, level);
}
