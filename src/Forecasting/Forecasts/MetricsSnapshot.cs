using StreamForecast.Forecasting.Intervals;
using StreamForecast.Forecasting.Scoring;

namespace StreamForecast.Forecasting.Forecasts;

/// <summary>A series' running metrics as of one of its bars, kept as values.</summary>
/// <param name="Series">The series.</param>
/// <param name="AsOf">The bar.</param>
/// <param name="Bars">Bars the series has had by then.</param>
/// <param name="Horizon">K.</param>
/// <param name="Metrics">(models, K): model m at h at [m·K + h − 1].</param>
/// <param name="Intervals">The interval settings (which models, which levels).</param>
/// <param name="IntervalMetrics">(interval models, K, levels): slot s at h and level l at [(s·K + h − 1)·L + l].</param>
internal sealed record MetricsSnapshot(string Series, long AsOf, long Bars, int Horizon, HorizonMetrics[] Metrics, IntervalSettings Intervals, IntervalMetrics[] IntervalMetrics)
{
    /// <summary>See <see cref="MetricsView.OutsideTrainingRange"/>.</summary>
    public bool OutsideTrainingRange { get; init; }

    public static MetricsSnapshot Of(in MetricsView view)
    {
        int models = ModelNames.All.Length, horizon = view.Horizon;
        var metrics = new HorizonMetrics[models * horizon];
        for (int model = 0; model < models; model++)
        {
            for (int h = 1; h <= horizon; h++)
            {
                metrics[(model * horizon) + h - 1] = view.Of(model, h);
            }
        }

        IntervalSettings intervals = view.Intervals;
        int levels = intervals.Levels.Count;
        var intervalMetrics = new IntervalMetrics[intervals.Enabled ? intervals.Models.Count * horizon * levels : 0];
        for (int slot = 0; slot < intervalMetrics.Length / Math.Max(1, horizon * levels); slot++)
        {
            for (int h = 1; h <= horizon; h++)
            {
                for (int level = 0; level < levels; level++)
                {
                    intervalMetrics[intervals.Index(slot, h, horizon, level)] = view.Interval(slot, h, level);
                }
            }
        }

        return new MetricsSnapshot(view.Series, view.AsOf, view.Bars, horizon, metrics, intervals, intervalMetrics) { OutsideTrainingRange = view.OutsideTrainingRange };
    }

    /// <summary>Interval metrics of model slot <paramref name="slot"/> at <paramref name="h"/> and level index <paramref name="level"/>.</summary>
    public IntervalMetrics Interval(int slot, int h, int level) => IntervalMetrics[Intervals.Index(slot, h, Horizon, level)];
}
