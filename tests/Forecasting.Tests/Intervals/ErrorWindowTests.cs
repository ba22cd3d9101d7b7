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
        double[] ring = new double[capacity], sorted = new double[capacity];
        var all = new List<double>();
        double[] levels = [-0.3, 0, 1e-9, 0.003, 0.05, 0.2, 0.5, 0.999, 1, 1.2];
        for (int i = 0; i < (3 * capacity) + 20; i++)
        {
            // Ties on purpose: errors repeat, as naive's do on flat minutes.
            double error = random.Next(4) == 0 ? 0 : Math.Round(random.NextDouble() * 10, random.Next(1, 4));
            ErrorWindow.Add(ring, sorted, all.Count, error);
            all.Add(error);
            double[] expectedSorted = [.. all.TakeLast(capacity).Order()];
            ReadOnlySpan<double> used = sorted.AsSpan(0, expectedSorted.Length);
            Assert.Equal(expectedSorted, used.ToArray());
            foreach (double a in levels)
            {
                int n = expectedSorted.Length;
                double k = Math.Ceiling((1 - a) * (n + 1));
                double expected = a <= 0 ? expectedSorted[^1] : a >= 1 ? 0 : k > n ? expectedSorted[^1] : expectedSorted[(int)k - 1];
                Assert.Equal(expected, ErrorWindow.HalfWidth(used, a));
            }
        }

        // The ring holds the last W errors, the oldest at (adds mod W).
        int oldest = all.Count % capacity;
        Assert.Equal(all.TakeLast(capacity), [.. ring[oldest..], .. ring[..oldest]]);
    }
}
