using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Tests;
using StreamForecast.Predictor.Tools.Cli;

namespace StreamForecast.Predictor.Tests.Service.State;

public sealed class StateReadmeTests
{
    [Fact]
    public void Readme_TheRowsTable_IsTheLayoutsOwn()
    {
        ForecastModel model = ForecastModel.Load(Path.Combine(Fixtures.RepositoryRoot(), "models", "btcusd-lstm-2x100.safetensors"));
        string readme = File.ReadAllText(Path.Combine(Fixtures.RepositoryRoot(), "src", "Predictor", "Service", "State", "README.md"));

        // Regenerate with: ./stream predictor model info models/btcusd-lstm-2x100.safetensors --layout
        Assert.Contains(ModelInfoCommand.Table(ModelInfoCommand.Layout(model, "qt")), readme, StringComparison.Ordinal);
    }
}
