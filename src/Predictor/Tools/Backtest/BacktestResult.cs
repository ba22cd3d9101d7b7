using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Intervals;
using StreamForecast.Forecasting.Scoring;
using StreamForecast.Forecasting.Store;
using StreamForecast.MarketData;

namespace StreamForecast.Predictor.Tools.Backtest;

/// <summary>What a backtest produced: every forecast, the final running metrics, and the counts behind them.</summary>
/// <param name="Series">The series.</param>
/// <param name="ModelId">The model's name.</param>
/// <param name="From">The first day, as given.</param>
/// <param name="To">The last day, as given.</param>
/// <param name="Horizon">K.</param>
/// <param name="GapRule">The gap rule, for a person.</param>
/// <param name="Read">What reading the file found.</param>
/// <param name="Counters">The series' counters at the end (see <see cref="SeriesCounters"/>).</param>
/// <param name="Final">Its running metrics after the last bar.</param>
/// <param name="Forecasts">Every forecast, in time order.</param>
/// <param name="Actuals">Every bar's time and close.</param>
/// <param name="Elapsed">How long forecasting took.</param>
/// <param name="Intervals">The interval settings.</param>
internal sealed record BacktestResult(
    string Series,
    string ModelId,
    string From,
    string To,
    int Horizon,
    string GapRule,
    BarReadReport Read,
    long[] Counters,
    MetricsSnapshot Final,
    IReadOnlyList<Forecast> Forecasts,
    IReadOnlyList<(long Timestamp, double Close)> Actuals,
    TimeSpan Elapsed,
    IntervalSettings Intervals)
{
    /// <summary>The zone the report shows times in.</summary>
    public ReportZone Zone { get; init; } = ReportZone.Utc;

    /// <summary>The challenger's forecasts in shadow (<c>backtest --challenger</c>); empty without one.</summary>
    public IReadOnlyList<Forecast> Shadowed { get; init; } = [];

    public long Bars => Counters[SeriesCounters.Bars];

    public long Gaps => Counters[SeriesCounters.Gaps];

    public long MissingMinutes => Counters[SeriesCounters.MissingMinutes];

    public long FilledMinutes => Counters[SeriesCounters.FilledMinutes];

    public long Resets => Counters[SeriesCounters.Resets];

    public long Warmup => Counters[SeriesCounters.Warmup];

    /// <summary>Model <paramref name="model"/>'s metrics at h; ratios to naive at the same h.</summary>
    public HorizonMetrics Metrics(int model, int h) => Final.Metrics[(model * Horizon) + h - 1];

    /// <summary>Interval scores of model slot <paramref name="slot"/> (see <see cref="IntervalSettings.Models"/>) at h and level index.</summary>
    public IntervalMetrics IntervalScores(int slot, int h, int level) => Final.Interval(slot, h, level);
}
