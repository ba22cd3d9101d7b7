using StreamForecast.Forecasting.Intervals;
using StreamForecast.Forecasting.Store;

namespace StreamForecast.Forecasting.Scoring;

/// <summary>A series' running metrics, read from its row: every model and horizon, and every interval chain.</summary>
internal sealed class RowMetrics(RowLayout layout, IntervalSettings intervals)
{
    private readonly ScoreBoard _scores = new(layout);
    private readonly IntervalScoreBoard _intervals = new(layout);

    public RowLayout Layout => layout;

    /// <summary>Which models have intervals, at which levels.</summary>
    public IntervalSettings Intervals => intervals;

    /// <summary>K.</summary>
    public int Horizon => layout.Shape.Horizon;

    /// <summary>Model <paramref name="model"/> at h; ratios to naive at the same h.</summary>
    public HorizonMetrics Of(ReadOnlySpan<byte> row, int model, int h) => _scores.Metrics(row, model, h);

    /// <summary>Interval model slot <paramref name="slot"/> (see <see cref="IntervalSettings.Models"/>) at h and level index <paramref name="level"/>.</summary>
    public IntervalMetrics Interval(ReadOnlySpan<byte> row, int slot, int h, int level) =>
        intervals.Enabled ? _intervals.Metrics(row, slot, h, level) : new IntervalMetrics(0, double.NaN, double.NaN, double.NaN);
}
