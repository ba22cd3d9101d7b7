using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Preprocessing;
using StreamForecast.Forecasting.Tests.Forecasts;
using StreamForecast.MarketData;
using StreamForecast.Predictor.Tools.Rollout;
using StreamForecast.Predictor.Tools.Training;

namespace StreamForecast.Predictor.Tests.Tools.Rollout;

public sealed class WalkForwardTests
{
    [Fact]
    public void Run_WhenTheSeriesLearnsAPatternTheChampionNeverSaw_PromotesAFineTunedCandidate_AndBeatsTheStaticModel()
    {
        // Six days whose flows alternate +1, -1 (predictable), and a champion trained on a random walk.
        var bars = Enumerable.Range(0, 6 * 1440).Select(i => new Bar(1497916800L + (i * 60L), 100 + (i % 2), 101, 99, 100 + (i % 2), 1)).ToList();
        FlowDataset walk = FlowDataset.FromBars(TestForecasters.Btc(1500), GapPolicy.Default);
        var trained = new ForecasterTrainer(new TrainingSettings { Hidden = 8, Epochs = 2, Batch = 10, Lags = 5, Scaler = "adaptive" }, TimeProvider.System, TextWriter.Null, false).Train(walk, "W");
        ForecastModel champion = ForecastModel.FromCheckpoint("walk", trained.Checkpoint, "t");

        var run = new WalkForward(TestForecasters.Settings(3), trainDays: 1, epochs: 4, learningRate: 1e-2, minForecasts: 200);
        WalkForward.Result result = run.Run("P", champion, bars, TextWriter.Null);

        Assert.Equal(5, result.Candidates);
        Assert.InRange(result.Promotions, 1, 5);
        Assert.True(result.Rolling[0] < result.Static[0] * 0.8, $"walk-forward MAE {result.Rolling[0]} against static {result.Static[0]}");
    }

    [Fact]
    public void Run_WhenNoCandidateIsBetter_KeepsTheChampion_AndEqualsTheStaticModel()
    {
        List<Bar> bars = TestForecasters.Btc(3 * 1440);
        ForecastModel champion = TestForecasters.Recursive();

        // A vanishing learning rate: every candidate is the champion to within rounding, never significantly better.
        WalkForward.Result result = new WalkForward(TestForecasters.Settings(2), 1, 1, 1e-12, 200).Run("B", champion, bars, TextWriter.Null);

        Assert.Equal(0, result.Promotions);
        Assert.Equal(result.Static, result.Rolling);
    }
}
