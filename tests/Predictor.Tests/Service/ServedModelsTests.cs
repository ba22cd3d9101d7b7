using StreamForecast.Predictor.Service;

namespace StreamForecast.Predictor.Tests.Service;

public sealed class ServedModelsTests
{
    [Fact]
    public void Load_WithoutModel_ServesTheShippedOnes()
    {
        ServedModels models = ServedModels.Load(new PredictorOptions());

        Assert.Equal("btcusd-lstm-2x100", models.Default.Id);
        Assert.Equal("eurusd-lstm-2x100", models.Overrides["EUR/USD"].Id);
    }
}
