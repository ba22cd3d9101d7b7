using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Intervals;
using StreamForecast.Forecasting.Store;

namespace StreamForecast.Forecasting.Tests.Intervals;

public sealed class QuantileTrackingTests
{
    /// <summary>One model (naive), K = 2, levels 80 and 95, min 3, span 4: small enough to follow by hand.</summary>
    private static readonly IntervalSettings Settings = new(IntervalMethod.QuantileTracking, [80, 95], 3, [ModelNames.NaiveIndex]) { Eta = 0.5, ScaleSpan = 4 };

    [Fact]
    public void IssueAndRealise_FollowTheMethodsTextStepByStep()
    {
        var layout = new RowLayout(new RowShape(2, ModelNames.All.Length, 0, 0, false, IntervalMethod.QuantileTracking, 1, 2, 0, 1, 1));
        byte[] row = new byte[layout.Bytes];
        var method = new QuantileTracking(layout, Settings);
        double[] halfWidths = new double[1 * 2 * 2];
        double[] predicted = new double[ModelNames.All.Length];

        // The text, for the chain (naive, h = 1, level l): q, scale, n, and each issued w with whether it was published.
        double[] q = new double[2];
        double scale = 0;
        long n = 0;
        var random = new Random(11);
        for (long minute = 0; minute < 40; minute++)
        {
            // Realise the h = 1 forecast of the minute before (the row counts the realisation first).
            if (minute > 0)
            {
                double forecast = 100 + random.NextDouble(), actual = 100 + random.NextDouble();
                predicted[ModelNames.NaiveIndex] = forecast;
                double[] issued = [q[0] > 0 ? q[0] : 0, q[1] > 0 ? q[1] : 0];
                layout.Realised.At(row, 0)++;
                method.Realise(row, 1, minute - 1, predicted, actual);

                double e = Math.Abs(actual - forecast);
                n++;
                scale += (e - scale) / Math.Min(n, Settings.ScaleSpan);
                for (int level = 0; level < 2; level++)
                {
                    q[level] += Settings.Eta * scale * ((e > issued[level] ? 1 : 0) - Settings.Alpha(level));
                }
            }

            method.Issue(row, minute, halfWidths);
            for (int level = 0; level < 2; level++)
            {
                double w = Math.Max(q[level], 0);
                Assert.Equal(n >= Settings.MinErrors ? w : double.NaN, halfWidths[Settings.Index(0, 1, 2, level)]);
                Assert.Equal(q[level], layout.Quantile.Get(row, level));
            }

            Assert.Equal(scale, layout.ErrorScale.Get(row, 0));
        }

        // Realised intervals were scored only once published: 39 realised, the first 3 issued in warm-up.
        Assert.Equal(39 - 3, layout.IntervalScored.Get(row, 0));
        Assert.True(q[1] > q[0] && q[0] > 0, $"{q[0]} {q[1]}");
    }

    [Fact]
    public void Warmup_IsRecordedInTheWidthsSignBit_AndAZeroWidthStillCounts()
    {
        var layout = new RowLayout(new RowShape(1, ModelNames.All.Length, 0, 0, false, IntervalMethod.QuantileTracking, 1, 2, 0, 1, 1));
        byte[] row = new byte[layout.Bytes];
        var method = new QuantileTracking(layout, Settings with { MinErrors = 1 });
        double[] halfWidths = new double[2];

        method.Issue(row, 7, halfWidths);
        Assert.True(double.IsNegative(layout.Widths.Get(row, 0)) && layout.Widths.Get(row, 0) == 0);
        Assert.All(halfWidths, w => Assert.True(double.IsNaN(w)));

        layout.Realised.At(row, 0) = 1;
        method.Issue(row, 8, halfWidths);
        Assert.False(double.IsNegative(layout.Widths.Get(row, 0)));
        Assert.All(halfWidths, w => Assert.Equal(0.0, w));
    }
}
