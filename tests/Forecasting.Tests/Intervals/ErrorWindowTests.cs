using StreamForecast.Forecasting.Intervals;

namespace StreamForecast.Forecasting.Tests.Intervals;

public sealed class ErrorWindowTests
{
    [Theory]
    [InlineData(1, 7)]
    [InlineData(5, 1)]
    [InlineData(50, 2)]
    [InlineData(500, 3)]
    public void HalfWidth_AfterAnyAdds_IsTheIssuesQuantileOfTheLastWErrors(int capacity, int seed)
    {
        var random = new Random(seed);
        var window = new ErrorWindow(capacity);
        var all = new List<double>();
        double[] levels = [-0.3, 0, 1e-9, 0.003, 0.05, 0.2, 0.5, 0.999, 1, 1.2];
        for (int i = 0; i < (3 * capacity) + 20; i++)
        {
            // Ties on purpose: errors repeat, as naive's do on flat minutes.
            double error = random.Next(4) == 0 ? 0 : Math.Round(random.NextDouble() * 10, random.Next(1, 4));
            window.Add(error);
            all.Add(error);
            double[] sorted = [.. all.TakeLast(capacity).Order()];
            Assert.Equal(sorted.Length, window.Count);
            foreach (double a in levels)
            {
                int n = sorted.Length;
                double k = Math.Ceiling((1 - a) * (n + 1));
                double expected = a <= 0 ? sorted[^1] : a >= 1 ? 0 : k > n ? sorted[^1] : sorted[(int)k - 1];
                Assert.Equal(expected, window.HalfWidth(a));
            }
        }

        double[] inOrder = window.InOrder();
        Assert.Equal(all.TakeLast(capacity), inOrder);
    }

    [Theory]
    [InlineData(1, 7)]
    [InlineData(5, 1)]
    [InlineData(50, 2)]
    [InlineData(500, 3)]
    public void Load_OfAWindowsErrors_BehavesAsTheWindowFromThenOn(int capacity, int seed)
    {
        var random = new Random(seed);
        double Error() => random.Next(4) == 0 ? 0 : Math.Round(random.NextDouble() * 10, random.Next(1, 4));
        double[] levels = [-0.3, 0, 1e-9, 0.003, 0.05, 0.2, 0.5, 0.999, 1, 1.2];
        foreach (int before in new[] { 1, capacity / 2, capacity, capacity + 1, (2 * capacity) + 3 }.Where(n => n > 0))
        {
            var window = new ErrorWindow(capacity);
            for (int i = 0; i < before; i++)
            {
                window.Add(Error());
            }

            var reloaded = new ErrorWindow(capacity);
            reloaded.Load(window.InOrder());
            for (int i = 0; i < (2 * capacity) + 5; i++)
            {
                Assert.Equal(window.InOrder(), reloaded.InOrder());
                Assert.Equal(levels.Select(window.HalfWidth), levels.Select(reloaded.HalfWidth));
                double error = Error();
                window.Add(error);
                reloaded.Add(error);
            }
        }
    }

    [Fact]
    public void WorkingLevel_MovesByGammaTimesAlphaMinusMiss()
    {
        var sums = IntervalSums.Start(IntervalSettings.Default, 1);
        double alpha = IntervalSettings.Default.Alpha(0);
        Assert.Equal(alpha, sums.Working[0]);

        sums.Score(0, alpha, 0.005, 9, 11, 10);  // covered: a rises by γα
        Assert.Equal(alpha + (0.005 * alpha), sums.Working[0]);
        sums.Score(0, alpha, 0.005, 9, 11, 12);  // missed above by 1: a falls by γ(1 − α); Winkler = 2 + 2/α
        Assert.Equal(alpha + (0.005 * alpha) + (0.005 * (alpha - 1)), sums.Working[0]);
        IntervalMetrics metrics = sums.Metrics(0);
        Assert.Equal(new IntervalMetrics(2, 0.5, 2, (2 + 2 + (2 / alpha * 1)) / 2), metrics);
    }
}
