using StreamForecast.Forecasting.Store;

namespace StreamForecast.Forecasting.Intervals;

/// <summary>
/// The running scores of the intervals a series published, in its row, per chain (interval model, h, level):
/// misses and the sums of widths and Winkler scores; how many were realised is per h (the same for every chain).
/// </summary>
internal sealed class IntervalScoreBoard(RowLayout layout)
{
    private readonly int _levels = layout.Shape.Levels;

    /// <summary>One realised interval [lo, hi] of chain <paramref name="chain"/> at level α; true when the actual fell outside.</summary>
    public bool Score(Span<byte> row, int chain, double alpha, double lo, double hi, double actual)
    {
        bool miss = actual < lo || actual > hi;
        double width = hi - lo;
        double winkler = actual < lo ? width + (2 / alpha * (lo - actual))
            : actual > hi ? width + (2 / alpha * (actual - hi))
            : width;
        layout.IntervalMissed.At(row, chain) += miss ? 1 : 0;
        layout.IntervalWidth.At(row, chain) += width;
        layout.IntervalWinkler.At(row, chain) += winkler;
        return miss;
    }

    /// <summary>The scores of interval model slot <paramref name="slot"/> at h and level index <paramref name="level"/>.</summary>
    public IntervalMetrics Metrics(ReadOnlySpan<byte> row, int slot, int h, int level)
    {
        int chain = (((slot * layout.Shape.Horizon) + h - 1) * _levels) + level;
        long n = layout.IntervalScored.Get(row, h - 1);
        return n == 0
            ? new IntervalMetrics(0, double.NaN, double.NaN, double.NaN)
            : new IntervalMetrics(n, 1 - ((double)layout.IntervalMissed.Get(row, chain) / n), layout.IntervalWidth.Get(row, chain) / n, layout.IntervalWinkler.Get(row, chain) / n);
    }
}
