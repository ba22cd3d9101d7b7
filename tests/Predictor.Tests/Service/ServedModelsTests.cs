using StreamForecast.Predictor.Service;

namespace StreamForecast.Predictor.Tests.Service;

public sealed class ServedModelsTests
{
    [Fact]
    public void Load_WithoutModel_ServesTheGlobalModelToAnySeries_AndTheBundledSeriesTheirOwn()
    {
        ServedModels models = ServedModels.Load(new PredictorOptions());

        Assert.Equal("global-lstm-2x100", models.Default.Id);
        Assert.True(models.Default.IsGlobal);
        Assert.Equal("eurusd-lstm-2x100", models.Overrides["EUR/USD"].Id);
        Assert.Equal("btcusd-lstm-2x100", models.Overrides["BTC-USD"].Id);
    }
}
