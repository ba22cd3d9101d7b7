using StreamForecast.Forecasting.Tests;
using StreamForecast.MarketData;
using StreamForecast.Predictor.Tools.Backtest;
using StreamForecast.Predictor.Tools.Cli;
using StreamForecast.Forecasting.Forecasts;

namespace StreamForecast.Predictor.Tests.Tools.Backtest;

public sealed class TrainingOverlapTests
{
    private static readonly ForecastModel Btc = ForecastModel.Load(Path.Combine(Fixtures.RepositoryRoot(), "models", "btcusd-lstm-2x100.safetensors"));

    [Fact]
    public void Warnings_InSampleRangeOrAnotherSeries_AreNamed_OutOfSampleIsQuiet()
    {
        Assert.Empty(TrainingOverlap.Warnings(Btc, "BTC-USD", DateRange.Parse("2017-06-23", "2017-06-25")));
        Assert.Contains("in-sample", Assert.Single(TrainingOverlap.Warnings(Btc, "BTC-USD", DateRange.Parse("2017-06-22", "2017-06-25"))), StringComparison.Ordinal);
        Assert.Contains("--scaler-from", Assert.Single(TrainingOverlap.Warnings(Btc, "ETH-USD", DateRange.Parse("2017-06-23", "2017-06-25"))), StringComparison.Ordinal);
    }

    [Fact]
    public void ModelInfo_SaysShapeScalerStrategyAndTrainingRange()
    {
        string info = ModelInfoCommand.Describe(Btc);

        Assert.Contains("2 x 100 LSTM", info, StringComparison.Ordinal);
        Assert.Contains("scaler=minmax", info, StringComparison.Ordinal);
        Assert.Contains("recursive", info, StringComparison.Ordinal);
        Assert.Contains("trained on: BTC-USD, 2017-06-19", info, StringComparison.Ordinal);
    }
}
