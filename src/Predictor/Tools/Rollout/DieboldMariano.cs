namespace StreamForecast.Predictor.Tools.Rollout;

/// <summary>
/// The Diebold–Mariano test of equal accuracy (Diebold and Mariano 1995) on loss differentials d = |e₂| − |e₁|
/// (absolute errors: the MAE's loss), grouped by series: mean over every d, long-run variance with a Bartlett
/// (Newey–West) window of h − 1 lags taken within each series (an h-step forecast's errors overlap h − 1 steps).
/// Negative statistics favour the second forecaster.
/// </summary>
internal static class DieboldMariano
{
    /// <summary>The statistic and its two-sided p-value under the normal approximation; NaN statistic when undefined (no data, no variance).</summary>
    /// <param name="differences">Per series, its loss differentials in time order.</param>
    /// <param name="horizon">h: the lags in the variance are h − 1.</param>
    public static (double Statistic, double PValue, int N, double MeanDifference) Test(IReadOnlyList<IReadOnlyList<double>> differences, int horizon)
    {
        int n = differences.Sum(series => series.Count);
        if (n < 2)
        {
            return (double.NaN, double.NaN, n, double.NaN);
        }

        double mean = differences.Sum(series => series.Sum()) / n;
        double variance = 0;
        for (int lag = 0; lag < horizon; lag++)
        {
            double gamma = 0;
            foreach (IReadOnlyList<double> series in differences)
            {
                for (int t = lag; t < series.Count; t++)
                {
                    gamma += (series[t] - mean) * (series[t - lag] - mean);
                }
            }

            gamma /= n;
            variance += lag == 0 ? gamma : 2 * (1 - (lag / (double)horizon)) * gamma;
        }

        if (!(variance > 0))
        {
            return (double.NaN, double.NaN, n, mean);
        }

        double statistic = mean / Math.Sqrt(variance / n);
        return (statistic, 2 * NormalTail(Math.Abs(statistic)), n, mean);
    }

    /// <summary>P(Z &gt; z) for a standard normal Z (Abramowitz and Stegun 7.1.26 through erfc; absolute error below 1.5e-7).</summary>
    public static double NormalTail(double z)
    {
        double x = z / Math.Sqrt(2);
        double t = 1 / (1 + (0.3275911 * Math.Abs(x)));
        double erfc = t * Math.Exp(-(x * x)) * (0.254829592 + (t * (-0.284496736 + (t * (1.421413741 + (t * (-1.453152027 + (t * 1.061405429))))))));
        return x >= 0 ? erfc / 2 : 1 - (erfc / 2);
    }
}
