using StreamForecast.Engine.Inference;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Rollout;
using StreamForecast.Forecasting.Tests.Forecasts;
using StreamForecast.MarketData;

namespace StreamForecast.Forecasting.Tests.Rollout;

public sealed class RouteModelsTests
{
    private static readonly ForecastModel Champion = TestForecasters.Recursive(seed: 3);
    private static readonly ForecastModel Challenger = TestForecasters.Recursive(hidden: 9, seed: 11);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(37, 101)]
    [InlineData(1024, 100_000)]
    public void Process_AfterThePromotionMinute_TheChallengersWarmRowServes_AsIfItHadServedAloneSinceItsStart(int maxBatch, int callSize)
    {
        List<Bar> bars = TestForecasters.Btc(900);
        var (a, b) = (Series("A", bars.Take(860), 1.0), Series("B", bars.Skip(40), 1.02));
        var interleaved = a.Zip(b).SelectMany(pair => new[] { pair.First, pair.Second }).ToList();
        long startAt = bars[300].Timestamp, promoteAt = bars[600].Timestamp;

        var (served, shadowed, cold) = RunRoute(interleaved, new ChallengerPlan(startAt, promoteAt), TestForecasters.Settings(5, maxBatch), callSize);

        foreach (var series in new[] { a, b })
        {
            string name = series[0].Series;
            List<Forecast> champion = TestForecasters.Run(Champion, series, TestForecasters.Settings(5));
            List<Forecast> challenger = TestForecasters.Run(Challenger, series.Where(bar => bar.Bar.Timestamp >= startAt), TestForecasters.Settings(5));
            AssertSame(champion.Where(f => f.AsOf < promoteAt), served.Where(f => f.Series == name && f.AsOf < promoteAt));
            AssertSame(challenger.Where(f => f.AsOf >= promoteAt), served.Where(f => f.Series == name && f.AsOf >= promoteAt));
            AssertSame(challenger.Where(f => f.AsOf < promoteAt), shadowed.Where(f => f.Series == name));
        }

        Assert.Equal(0, cold);
    }

    [Fact]
    public void Process_ASeriesFirstSeenAfterThePromotion_StartsOnTheChallenger_AndOneWithoutAWarmRowStartsItCold()
    {
        List<Bar> bars = TestForecasters.Btc(400);
        long promoteAt = bars[200].Timestamp;
        var late = Series("LATE", bars.Skip(250), 1.0);
        var early = Series("EARLY", bars.Take(150), 1.0).Concat(Series("EARLY", bars.Skip(250), 1.0)).ToList();

        // The challenger starts after EARLY's last bar before the promotion: EARLY has no warm row when it is promoted.
        var (served, shadowed, cold) = RunRoute([.. early, .. late], new ChallengerPlan(bars[180].Timestamp, promoteAt), TestForecasters.Settings(3), int.MaxValue);

        AssertSame(TestForecasters.Run(Challenger, late, TestForecasters.Settings(3)), served.Where(f => f.Series == "LATE"));
        AssertSame(TestForecasters.Run(Challenger, early.Where(bar => bar.Bar.Timestamp >= promoteAt), TestForecasters.Settings(3)), served.Where(f => f.Series == "EARLY" && f.AsOf >= promoteAt));
        Assert.Empty(shadowed);
        Assert.Equal(1, cold);
    }

    [Fact]
    public void Process_WithoutAPromotionMinute_TheChampionKeepsServing_AndTheChallengerOnlyShadows()
    {
        var a = Series("A", TestForecasters.Btc(300), 1.0);
        var (served, shadowed, _) = RunRoute(a, new ChallengerPlan(a[100].Bar.Timestamp, null), TestForecasters.Settings(2), 64);

        AssertSame(TestForecasters.Run(Champion, a, TestForecasters.Settings(2)), served);
        AssertSame(TestForecasters.Run(Challenger, a.Skip(100), TestForecasters.Settings(2)), shadowed);
    }

    private static (List<Forecast> Served, List<Forecast> Shadowed, long Cold) RunRoute(List<SeriesBar> bars, ChallengerPlan plan, ForecastSettings settings, int callSize)
    {
        using var backend = new CpuLstmBackend(Champion.Checkpoint.Parameters);
        using var champion = new ForecastProcessor(Champion, backend, settings);
        using var challenger = new ChallengerProcessors(Challenger, settings);
        RouteModels route = challenger.Join(new RouteModels(champion), plan);
        var outputs = new RouteCollector();
        foreach (SeriesBar[] call in bars.Chunk(Math.Min(callSize, 100_000)))
        {
            outputs.Process(route, call, call.Length);
        }

        return ([.. outputs.Served.OrderBy(f => f.AsOf)], [.. outputs.Shadowed], route.Counts.Cold);
    }

    private static List<SeriesBar> Series(string name, IEnumerable<Bar> bars, double factor) =>
        [.. bars.Select(bar => new SeriesBar(name, bar with { Open = bar.Open * factor, High = bar.High * factor, Low = bar.Low * factor, Close = bar.Close * factor }))];

    private static void AssertSame(IEnumerable<Forecast> expected, IEnumerable<Forecast> actual)
    {
        List<Forecast> want = [.. expected], got = [.. actual];
        Assert.NotEmpty(want);
        Assert.Equal(want.Count, got.Count);
        for (int i = 0; i < want.Count; i++)
        {
            Assert.Equal(want[i].AsOf, got[i].AsOf);
            Assert.Equal(want[i].Closes, got[i].Closes);
            Assert.Equal(want[i].HalfWidths, got[i].HalfWidths);
        }
    }
}
