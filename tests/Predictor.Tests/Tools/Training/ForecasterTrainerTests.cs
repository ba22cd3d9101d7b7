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

    [Fact]
    public void Train_TwoTradingDaysWithoutBatch_ChoosesStreamsThatFitTheData_AndComputesAValidationLoss()
    {
        // 780 bars (two 390-minute sessions): 100 streams would be 7 steps each, shorter than the lags.
        FlowDataset data = FlowDataset.FromBars(TestForecasters.Btc(780), GapPolicy.Default);
        var progress = new StringWriter();

        TrainingResult result = new ForecasterTrainer(new TrainingSettings { Hidden = 8, Epochs = 1 }, TimeProvider.System, progress, interactive: false).Train(data, "X");

        Assert.Equal("3", result.Checkpoint.Metadata["batch"]);
        Assert.True(double.IsFinite(result.ValidationLoss), progress.ToString());
        Assert.Contains("3 streams of 238 steps", progress.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Train_ABatchThatCutsStreamsShorterThanTheLags_IsRefusedWithTheBatchThatWorks()
    {
        FlowDataset data = FlowDataset.FromBars(TestForecasters.Btc(780), GapPolicy.Default);

        var error = Assert.Throws<ArgumentException>(() => Train(Small with { Batch = 100, Lags = 10 }, data));

        Assert.Equal("--batch 100 cuts 714 training samples into streams of 7 steps, shorter than --lags 10: use --batch 71 or less, or leave --batch out to have it chosen", error.Message);
    }

    [Fact]
    public void Train_TooFewBars_SaysHowManyItHasAndNeeds()
    {
        FlowDataset data = FlowDataset.FromBars(TestForecasters.Btc(2), GapPolicy.Default);

        var error = Assert.Throws<ArgumentException>(() => Train(new TrainingSettings(), data));

        Assert.StartsWith("too few bars for BTC-USD (2; at least 15 for --lags 10 and --validation 0.1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_AnEmptyValidationSplit_IsWarnedAbout_AndRecordedAsNone()
    {
        FlowDataset data = FlowDataset.FromBars(TestForecasters.Btc(300), GapPolicy.Default);
        var progress = new StringWriter();

        TrainingResult result = new ForecasterTrainer(Small with { Batch = 40, Validation = 0.1 }, TimeProvider.System, progress, interactive: false).Train(data, "X");

        Assert.Contains("warning: the validation split (30 flows) is too short for 40 streams", progress.ToString(), StringComparison.Ordinal);
        Assert.Equal("none", result.Checkpoint.Metadata["validation_loss"]);
    }

    [Fact]
    public void Train_ConstantPrices_UnderMinMax_SayWhatToDo()
    {
        var bars = Enumerable.Range(0, 100).Select(i => new Bar(i * 60L, 5, 5, 5, 5, 1));
        FlowDataset data = FlowDataset.FromBars(bars, GapPolicy.Default);

        var error = Assert.Throws<ArgumentException>(() => Train(Small, data));

        Assert.Contains("(the price never moves): a min-max scaler cannot be fitted; use more data or --scaler adaptive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FineTune_StartsFromTheChampionsWeights_KeepsItsShapeAndScaler_AndLowersItsLossOnNewBars()
    {
        FlowDataset old = FlowDataset.FromBars(TestForecasters.Btc(600), GapPolicy.Default);
        ForecastModel champion = ForecastModel.FromCheckpoint("champion", Train(Small with { Epochs = 3 }, old).Checkpoint, "t");
        // New bars with a pattern the champion never saw: flows alternate +1, -1 around its scale.
        var bars = Enumerable.Range(0, 2000).Select(i => new Bar(i * 60L, 6000 + (i % 2 * 5), 6005, 5995, 6000 + (i % 2 * 5), 1));
        FlowDataset fresh = FlowDataset.FromBars(bars, GapPolicy.Default);

        TrainingResult one = Train(Small with { StartFrom = champion, Epochs = 1, Batch = null, LearningRate = 1e-2 }, fresh);
        TrainingResult more = Train(Small with { StartFrom = champion, Epochs = 6, Batch = null, LearningRate = 1e-2 }, fresh);
        TrainingResult refitted = Train(Small with { StartFrom = champion, Epochs = 1, Batch = null, RefitScaler = true }, fresh);

        ForecastModel tuned = ForecastModel.FromCheckpoint("tuned", more.Checkpoint, "t");
        Assert.Equal(champion.Checkpoint.Shape, tuned.Checkpoint.Shape);
        Assert.Equal(Metadata(champion.Scaler), Metadata(tuned.Scaler));
        Assert.NotEqual(Metadata(champion.Scaler), Metadata(ForecastModel.FromCheckpoint("r", refitted.Checkpoint, "t").Scaler));
        Assert.Equal("champion", more.Checkpoint.Metadata["fine_tuned_from"]);
        Assert.NotEqual(champion.Checkpoint.Parameters.Values, tuned.Checkpoint.Parameters.Values);
        Assert.True(more.TrainLoss < one.TrainLoss, $"6 epochs {more.TrainLoss} against 1 epoch {one.TrainLoss}");
    }

    private static SortedDictionary<string, string> Metadata(FlowScaler scaler)
    {
        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal);
        scaler.WriteMetadata(metadata);
        return metadata;
    }

    private static TrainingResult Train(TrainingSettings settings, FlowDataset data) =>
        new ForecasterTrainer(settings, TimeProvider.System, TextWriter.Null, interactive: false).Train(data, "BTC-USD");
}
