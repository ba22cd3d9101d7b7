namespace StreamForecast.Forecasting.Intervals;

/// <summary>
/// Per (model, horizon, level) cell: the working level a, and the running scores of the intervals issued —
/// how many were realised, how many missed, and the sums of their widths and Winkler scores.
/// </summary>
internal sealed record IntervalSums(double[] Working, long[] Scored, long[] Missed, double[] Width, double[] Winkler)
{
    public static IntervalSums Start(IntervalSettings settings, int cells)
    {
        int n = cells * settings.Levels.Count;
        double[] working = new double[n];
        for (int i = 0; i < n; i++)
        {
            working[i] = settings.Alpha(i % settings.Levels.Count);
        }

        return new IntervalSums(working, new long[n], new long[n], new double[n], new double[n]);
    }

    /// <summary>One realised interval [lo, hi] at level α: its miss moves a; width and Winkler score are summed.</summary>
    public void Score(int i, double alpha, double gamma, double lo, double hi, double actual)
    {
        bool miss = actual < lo || actual > hi;
        Working[i] += gamma * (alpha - (miss ? 1 : 0));
        double width = hi - lo;
        double winkler = actual < lo ? width + (2 / alpha * (lo - actual))
            : actual > hi ? width + (2 / alpha * (actual - hi))
            : width;
        Scored[i]++;
        Missed[i] += miss ? 1 : 0;
        Width[i] += width;
        Winkler[i] += winkler;
    }

    public IntervalMetrics Metrics(int i)
    {
        long n = Scored[i];
        return n == 0
            ? new IntervalMetrics(0, double.NaN, double.NaN, double.NaN)
            : new IntervalMetrics(n, 1 - ((double)Missed[i] / n), Width[i] / n, Winkler[i] / n);
    }

    public IntervalSums Copy() => new([.. Working], [.. Scored], [.. Missed], [.. Width], [.. Winkler]);
}

/// <summary>The running scores of one model's intervals at one horizon and level.</summary>
/// <param name="N">Intervals realised.</param>
/// <param name="Coverage">Share that held the actual close (nominal: the level).</param>
/// <param name="Width">Mean width (upper − lower), in price.</param>
/// <param name="Winkler">Mean Winkler interval score: the width plus 2/α times any miss distance (lower is better).</param>
internal readonly record struct IntervalMetrics(long N, double Coverage, double Width, double Winkler);

/// <summary>A series' interval state as data: each cell's errors (oldest first) and the sums.</summary>
internal sealed record IntervalState(double[][] Errors, IntervalSums Sums);
