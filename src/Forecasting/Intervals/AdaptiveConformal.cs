using StreamForecast.Forecasting.Store;

namespace StreamForecast.Forecasting.Intervals;

/// <summary>
/// Adaptive conformal intervals (Gibbs and Candès 2021) on absolute price errors, per series, interval model
/// and h (a cell): the last W errors (a ring, and the same sorted, so a quantile is one lookup and an update a
/// binary search and a move) and a working level a per level, a ← a + γ(α − miss) at each realised interval.
/// The half-width at a is the window's quantile (<see cref="ErrorWindow.HalfWidth"/>); none (NaN) while fewer
/// than the minimum of errors are known. A cell's count is min(realised at h, W).
/// </summary>
internal sealed class AdaptiveConformal(RowLayout layout, IntervalSettings settings) : IIntervalMethod
{
    private readonly int _horizon = layout.Shape.Horizon;
    private readonly int _levels = layout.Shape.Levels;
    private readonly int _window = layout.Shape.Window;
    private readonly IntervalScoreBoard _scores = new(layout);

    public void Issue(Span<byte> row, long minute, Span<double> halfWidths)
    {
        ReadOnlySpan<double> working = layout.Working.In(row), sorted = layout.Sorted.In(row);
        Span<double> widths = layout.Widths.In(row);
        ReadOnlySpan<long> realised = layout.Realised.In(row);
        for (int slot = 0; slot < settings.Models.Count; slot++)
        {
            for (int h = 1; h <= _horizon; h++)
            {
                int cell = (slot * _horizon) + h - 1;
                int count = (int)Math.Min(realised[h - 1], _window);
                for (int level = 0; level < _levels; level++)
                {
                    int chain = (cell * _levels) + level;
                    double halfWidth = count < settings.MinErrors ? double.NaN : ErrorWindow.HalfWidth(sorted.Slice(cell * _window, count), working[chain]);
                    widths[PendingWidths.Index((slot * _levels) + level, h, minute, _horizon)] = halfWidth;
                    halfWidths[chain] = halfWidth;
                }
            }
        }
    }

    public void Realise(Span<byte> row, int h, long minute, ReadOnlySpan<double> predicted, double actual)
    {
        Span<double> working = layout.Working.In(row);
        ReadOnlySpan<double> widths = layout.Widths.In(row);
        long before = layout.Realised.Get(row, h - 1) - 1;
        bool published = false;
        for (int slot = 0; slot < settings.Models.Count; slot++)
        {
            double forecast = predicted[settings.Models[slot]];
            int cell = (slot * _horizon) + h - 1;
            for (int level = 0; level < _levels; level++)
            {
                int chain = (cell * _levels) + level;
                double halfWidth = widths[PendingWidths.Index((slot * _levels) + level, h, minute, _horizon)];
                published = !double.IsNaN(halfWidth);
                if (published)
                {
                    double alpha = settings.Alpha(level);
                    bool miss = _scores.Score(row, chain, alpha, forecast - halfWidth, forecast + halfWidth, actual);
                    working[chain] += settings.Gamma * (alpha - (miss ? 1 : 0));
                }
            }

            ErrorWindow.Add(layout.Window.In(row).Slice(cell * _window, _window), layout.Sorted.In(row).Slice(cell * _window, _window), before, Math.Abs(actual - forecast));
        }

        if (published)
        {
            layout.IntervalScored.At(row, h - 1)++;
        }
    }
}
