using StreamForecast.Forecasting.Store;

namespace StreamForecast.Forecasting.Intervals;

/// <summary>
/// Scale-adaptive quantile tracking, per series × interval model × horizon h × level (a chain), all in
/// doubles, with O(1) state: q (per chain) and the error scale (per model and h, the same for every level);
/// n is the row's count of forecasts realised at h. A forecast is issued with w = max(q, 0) for every chain,
/// recorded even while no interval is published. When bar T realises the forecast ŷ made at T − h with its
/// recorded w: e = |y − ŷ|, miss = e &gt; w, n += 1, scale += (e − scale) / min(n, span),
/// q += η · scale · (miss − α). The interval ŷ ± w is published when n ≥ the minimum at issue. A recorded w
/// carries whether it was published in its sign bit (w ≥ 0, so the bit is free: set means warm-up).
/// </summary>
internal sealed class QuantileTracking(RowLayout layout, IntervalSettings settings) : IIntervalMethod
{
    private readonly int _horizon = layout.Shape.Horizon;
    private readonly int _levels = layout.Shape.Levels;
    private readonly IntervalScoreBoard _scores = new(layout);

    public void Issue(Span<byte> row, long minute, Span<double> halfWidths)
    {
        Span<double> q = layout.Quantile.In(row), widths = layout.Widths.In(row);
        ReadOnlySpan<long> realised = layout.Realised.In(row);
        for (int slot = 0; slot < settings.Models.Count; slot++)
        {
            for (int h = 1; h <= _horizon; h++)
            {
                bool published = realised[h - 1] >= settings.MinErrors;
                for (int level = 0; level < _levels; level++)
                {
                    int chain = (((slot * _horizon) + h - 1) * _levels) + level;
                    double w = Math.Max(q[chain], 0);
                    widths[PendingWidths.Index((slot * _levels) + level, h, minute, _horizon)] = published ? w : -w;
                    halfWidths[chain] = published ? w : double.NaN;
                }
            }
        }
    }

    public void Realise(Span<byte> row, int h, long minute, ReadOnlySpan<double> predicted, double actual)
    {
        Span<double> q = layout.Quantile.In(row), scales = layout.ErrorScale.In(row);
        ReadOnlySpan<double> widths = layout.Widths.In(row);
        long n = layout.Realised.Get(row, h - 1);
        bool published = false;
        for (int slot = 0; slot < settings.Models.Count; slot++)
        {
            double forecast = predicted[settings.Models[slot]];
            double e = Math.Abs(actual - forecast);
            int cell = (slot * _horizon) + h - 1;
            double scale = scales[cell] + ((e - scales[cell]) / Math.Min(n, settings.ScaleSpan));
            scales[cell] = scale;
            for (int level = 0; level < _levels; level++)
            {
                int chain = (cell * _levels) + level;
                double recorded = widths[PendingWidths.Index((slot * _levels) + level, h, minute, _horizon)];
                double w = Math.Abs(recorded);
                double alpha = settings.Alpha(level);
                q[chain] += settings.Eta * scale * ((e > w ? 1 : 0) - alpha);
                published = !double.IsNegative(recorded);
                if (published)
                {
                    _scores.Score(row, chain, alpha, forecast - w, forecast + w, actual);
                }
            }
        }

        if (published)
        {
            layout.IntervalScored.At(row, h - 1)++;
        }
    }
}
