using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Store;
using StreamForecast.Forecasting.Tests;
using StreamForecast.Predictor.Service;
using StreamForecast.Predictor.Tools.Cli;

namespace StreamForecast.Predictor.Tests.Tools.Cli;

public sealed class ModelInfoCommandTests
{
    [Fact]
    public void Describe_SaysWhatASeriesCosts_TheRowTheStoreBuilds()
    {
        ForecastModel model = ForecastModel.Load(Path.Combine(Fixtures.RepositoryRoot(), "models", "btcusd-lstm-2x100.safetensors"));
        var layout = new RowLayout(RowShape.Of(model, new PredictorOptions().Forecast()));

        string line = ModelInfoCommand.Describe(model).Split('\n').Single(l => l.StartsWith("a series:", StringComparison.Ordinal));

        Assert.Contains($"{layout.BytesWithLstm:N0} bytes at K = 10", line, StringComparison.Ordinal);
        Assert.Contains($"a row of {layout.Bytes:N0} + LSTM (h, c) 1,600", line, StringComparison.Ordinal);
    }
}
