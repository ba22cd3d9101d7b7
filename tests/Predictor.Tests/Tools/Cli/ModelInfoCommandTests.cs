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

    [Theory]
    [InlineData("global-lstm-2x100.safetensors", "serves:     any series (a global model: each series scaled by its own adaptive scale)")]
    [InlineData("btcusd-lstm-2x100.safetensors", "serves:     its training series; closes 2482.95 to 2781.59 (serve warns beyond 1241.47 to 5563.18)")]
    public void Describe_SaysWhichSeriesTheModelFits(string file, string expected)
    {
        ForecastModel model = ForecastModel.Load(Path.Combine(Fixtures.RepositoryRoot(), "models", file));

        Assert.Contains(expected + "\n", ModelInfoCommand.Describe(model), StringComparison.Ordinal);
    }
}
