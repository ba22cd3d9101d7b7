using StreamForecast.MarketData;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Preprocessing;
using StreamForecast.Forecasting.Tests.Forecasts;
using StreamForecast.Predictor.Tools.Training;

namespace StreamForecast.Predictor.Tests.Tools.Training;

public sealed class ForecasterTrainerTests
{
    private static readonly TrainingSettings Small = new() { Hidden = 8, Epochs = 2, Batch = 10, Lags = 5 };

    [Fact]
    public void Train_SameSeed_SameWeights_OtherSeed_OtherWeights()
    {
        FlowDataset data = FlowDataset.FromBars(TestForecasters.Btc(800), GapPolicy.Default);

        float[] first = Train(Small, data).Checkpoint.Parameters.Values;
        float[] second = Train(Small, data).Checkpoint.Parameters.Values;
        float[] other = Train(Small with { Seed = 7 }, data).Checkpoint.Parameters.Values;

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Train_Checkpoint_LoadsAsAForecasterWithItsMetadata()
    {
        FlowDataset data = FlowDataset.FromBars(TestForecasters.Btc(800), GapPolicy.Default);
        TrainingResult result = Train(Small with { Strategy = ForecastStrategy.Direct, Horizon = 3, Scaler = "adaptive" }, data);

        ForecastModel model = ForecastModel.FromCheckpoint("t", result.Checkpoint, "t");

        Assert.Equal(ForecastStrategy.Direct, model.Strategy);
        Assert.Equal(3, model.TrainedHorizon);
        Assert.IsType<AdaptiveFlowScaler>(model.Scaler);
        Assert.Equal("BTC-USD", result.Checkpoint.Metadata["series"]);
        Assert.Equal("5", result.Checkpoint.Metadata["lags"]);
        Assert.True(double.IsFinite(result.TrainLoss) && double.IsFinite(result.ValidationLoss));
    }

    [Fact]
    public void Train_LearnsAPredictablePattern()
    {
        // Flows alternate +1, -1: a model that learned anything predicts the sign of the next flow.
        var bars = Enumerable.Range(0, 3000).Select(i => new Bar(i * 60L, 100 + (i % 2), 101, 99, 100 + (i % 2), 1));
        FlowDataset data = FlowDataset.FromBars(bars, GapPolicy.Default);

        TrainingResult result = Train(Small with { Epochs = 15, LearningRate = 1e-2 }, data);

        Assert.True(result.ValidationLoss < 0.05, $"validation loss {result.ValidationLoss}");
    }

    [Fact]
    public void FromBars_ZeroFillsShortGapsAndRestartsAfterLongOnes()
    {
        Bar At(long minute, double close) => new(minute * 60, close, close, close, close, 1);
        FlowDataset data = FlowDataset.FromBars([At(0, 10), At(1, 11), At(4, 12), At(100, 20), At(101, 19)], GapPolicy.Default);

        Assert.Equal([1.0, 0, 0, 1, -1], data.Flows);
        Assert.Equal([0, 4], data.SegmentStarts);
        Assert.Equal(1, data.Resets);
    }

    private static TrainingResult Train(TrainingSettings settings, FlowDataset data) =>
        new ForecasterTrainer(settings, TimeProvider.System, TextWriter.Null, interactive: false).Train(data, "BTC-USD");
}
