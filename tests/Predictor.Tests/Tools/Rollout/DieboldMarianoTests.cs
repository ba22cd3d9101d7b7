using StreamForecast.Predictor.Tools.Rollout;

namespace StreamForecast.Predictor.Tests.Tools.Rollout;

public sealed class DieboldMarianoTests
{
    [Fact]
    public void Test_AtOneStep_IsTheMeanOverItsStandardError_PooledOverSeries()
    {
        var random = new Random(7);
        List<double>[] series = [[.. Enumerable.Range(0, 300).Select(_ => random.NextDouble() - 0.55)], [.. Enumerable.Range(0, 200).Select(_ => random.NextDouble() - 0.5)]];
        double[] all = [.. series.SelectMany(s => s)];
        double mean = all.Average();
        double variance = all.Sum(d => (d - mean) * (d - mean)) / all.Length;

        var (statistic, p, n, difference) = DieboldMariano.Test(series, horizon: 1);

        Assert.Equal(500, n);
        Assert.Equal(mean, difference, 12);
        Assert.Equal(mean / Math.Sqrt(variance / all.Length), statistic, 10);
        Assert.Equal(2 * DieboldMariano.NormalTail(Math.Abs(statistic)), p, 12);
        Assert.True(statistic < -1.96, $"a mean loss difference of {mean:F3} is significant: DM {statistic:F2}");
    }

    [Fact]
    public void Test_AtLongerHorizons_WidensTheVarianceForOverlappingErrors()
    {
        // Errors of h-step forecasts overlap: a moving sum of 5 shocks is autocorrelated over 4 lags.
        var random = new Random(3);
        double[] shocks = [.. Enumerable.Range(0, 2004).Select(_ => random.NextDouble() - 0.45)];
        List<double> overlapping = [.. Enumerable.Range(0, 2000).Select(t => shocks.Skip(t).Take(5).Sum())];

        var one = DieboldMariano.Test([overlapping], horizon: 1);
        var five = DieboldMariano.Test([overlapping], horizon: 5);

        Assert.True(Math.Abs(five.Statistic) < Math.Abs(one.Statistic) / 1.5, $"h=5 DM {five.Statistic:F2} against h=1 {one.Statistic:F2}");
    }

    [Theory]
    [InlineData(1.959963984540054, 0.025)]
    [InlineData(1.6448536269514722, 0.05)]
    [InlineData(0, 0.5)]
    [InlineData(-1.6448536269514722, 0.95)]
    public void NormalTail_MatchesTheNormalDistribution(double z, double tail) => Assert.Equal(tail, DieboldMariano.NormalTail(z), 6);

    [Fact]
    public void Decide_PromotesOnlyWhenSignificantlyBetterAtOneStep_AndWorseNowhere()
    {
        ChallengerComparison.Row Row(int h, double statistic, double p, int n = 1000) => new(h, n, 1, 1, statistic, p);

        Assert.True(ChallengerComparison.Decide([Row(1, -3, 0.002), Row(2, 1, 0.3)], 200).Promote);
        Assert.False(ChallengerComparison.Decide([Row(1, -3, 0.002), Row(2, 2.5, 0.01)], 200).Promote);
        Assert.False(ChallengerComparison.Decide([Row(1, -1, 0.3)], 200).Promote);
        Assert.False(ChallengerComparison.Decide([Row(1, -3, 0.002, n: 50)], 200).Promote);
    }
}
