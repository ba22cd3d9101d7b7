using StreamForecast.MarketData;
using StreamForecast.Predictor.Forecasting;
using StreamForecast.Predictor.Scoring;

namespace StreamForecast.Predictor.Backtest;

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
    TimeSpan Elapsed)
{
    public ScoreBoard Scores => State.Scorer.Board;
}
