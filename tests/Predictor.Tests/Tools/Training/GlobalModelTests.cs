using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Preprocessing;
using StreamForecast.Forecasting.Tests;
using StreamForecast.Forecasting.Tests.Forecasts;
using StreamForecast.MarketData;
using StreamForecast.Predictor.Tools.Training;

namespace StreamForecast.Predictor.Tests.Tools.Training;

public sealed class GlobalModelTests
{
    private static readonly TrainingSettings Small = new() { Hidden = 8, Epochs = 2, Lags = 5 };

    [Fact]
    public void Train_SeveralSeries_MakesAGlobalModel_ScaledPerSeries_WithEverySeriesNamed()
    {
        List<Bar> btc = TestForecasters.Btc(1200);
        var set = new TrainingSet([("BTC-USD", Flows(btc)), ("ACME", Flows(Rescaled(btc, 0.49 / 2500)))]);

        TrainingResult result = Train(Small, set);
        ForecastModel model = ForecastModel.FromCheckpoint("g", result.Checkpoint, "g");

        Assert.True(model.IsGlobal);
        Assert.Equal("BTC-USD,ACME", result.Checkpoint.Metadata["series"]);
        Assert.Equal("true", result.Checkpoint.Metadata[ForecastModel.GlobalKey]);
        Assert.Null(model.TrainingPrices);
        Assert.True(double.IsFinite(result.ValidationLoss));
    }

    [Fact]
    public void Train_AMinMaxScalerAskedForSeveralSeries_IsRefusedWithWhatToDo()
    {
        List<Bar> btc = TestForecasters.Btc(600);
        var set = new TrainingSet([("A", Flows(btc)), ("B", Flows(btc))]);

        var error = Assert.Throws<ArgumentException>(() => Train(Small with { Scaler = "minmax", ScalerGiven = true }, set));
        Assert.Contains("leave out --scaler minmax", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheShippedGlobalModel_ForecastsASeriesAtAnyPriceLevel_WhereTheBtcModelFails()
    {
        // BTC-USD's own moves at a 0.49 price level: a stock no model was trained on.
        List<Bar> stock = Rescaled(TestForecasters.Btc(1500), 0.49 / 2500);
        double global = Mase(Shipped("global-lstm-2x100.safetensors"), stock);
        double btc = Mase(Shipped("btcusd-lstm-2x100.safetensors"), stock);

        Assert.InRange(global, 0.9, 1.2);
        Assert.True(btc > 20, $"the BTC model's MASE on the stock is {btc}: expected it to fail");
    }

    private static ForecastModel Shipped(string file) => ForecastModel.Load(Path.Combine(Fixtures.RepositoryRoot(), "models", file));

    /// <summary>The LSTM's one-step MAE over naive's, the first 200 minutes left out (warm-up).</summary>
    private static double Mase(ForecastModel model, List<Bar> bars)
    {
        var closes = bars.ToDictionary(bar => bar.Timestamp, bar => bar.Close);
        double lstm = 0, naive = 0;
        foreach (Forecast forecast in TestForecasters.Run(model, bars.Select(bar => new SeriesBar("ACME", bar)), TestForecasters.Settings(1)).Skip(200))
        {
            if (closes.TryGetValue(forecast.AsOf + 60, out double actual))
            {
                lstm += Math.Abs(forecast.ClosePrediction(ModelNames.LstmIndex, 1) - actual);
                naive += Math.Abs(forecast.Close - actual);
            }
        }

        return lstm / naive;
    }

    private static List<Bar> Rescaled(List<Bar> bars, double factor) =>
        [.. bars.Select(b => new Bar(b.Timestamp, b.Open * factor, b.High * factor, b.Low * factor, b.Close * factor, b.Volume))];

    private static FlowDataset Flows(IEnumerable<Bar> bars) => FlowDataset.FromBars(bars, GapPolicy.Default);

    private static TrainingResult Train(TrainingSettings settings, TrainingSet set) =>
        new ForecasterTrainer(settings, TimeProvider.System, TextWriter.Null, interactive: false).Train(set);
}
