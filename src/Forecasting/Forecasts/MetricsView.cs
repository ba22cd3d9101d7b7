using StreamForecast.Forecasting.Intervals;
using StreamForecast.Forecasting.Scoring;

namespace StreamForecast.Forecasting.Forecasts;

/// <summary>A series' running metrics as of one of its bars, read from its row: valid only during the call that receives it.</summary>
internal readonly ref struct MetricsView
{
    private readonly ReadOnlySpan<byte> _row;
    private readonly RowMetrics _metrics;

    public MetricsView(int index, string series, long asOf, long bars, ReadOnlySpan<byte> row, RowMetrics metrics, bool outsideTrainingRange = false)
    {
        OutsideTrainingRange = outsideTrainingRange;
        Index = index;
        Series = series;
        AsOf = asOf;
        Bars = bars;
        _row = row;
        _metrics = metrics;
    }

    /// <summary>The bar's index in the bars given to <see cref="ForecastProcessor.Process"/>.</summary>
    public int Index { get; }

    public string Series { get; }

    /// <summary>The bar.</summary>
    public long AsOf { get; }

    /// <summary>Bars the series has had by then.</summary>
    public long Bars { get; }

    /// <summary>The bar's close lies far outside the closes the series' per-series model was trained on (<see cref="ForecastModel.FarOutsideTraining"/>).</summary>
    public bool OutsideTrainingRange { get; }

    /// <summary>K.</summary>
    public int Horizon => _metrics.Horizon;

    public IntervalSettings Intervals => _metrics.Intervals;

    /// <summary>Model <paramref name="model"/> at h.</summary>
    public HorizonMetrics Of(int model, int h) => _metrics.Of(_row, model, h);

    /// <summary>Interval model slot <paramref name="slot"/> at h and level index <paramref name="level"/>.</summary>
    public IntervalMetrics Interval(int slot, int h, int level) => _metrics.Interval(_row, slot, h, level);
}
