using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Tests;
using StreamForecast.Predictor.Service.Telemetry;

namespace StreamForecast.Predictor.Tests.Service.Telemetry;

public sealed class ModelFitLogTests
{
    private static ForecastModel Shipped(string file) => ForecastModel.Load(Path.Combine(Fixtures.RepositoryRoot(), "models", file));

    [Fact]
    public void APerSeriesModel_ServingASeriesFarOutsideItsTrainingPrices_IsWarnedOnceWithACount()
    {
        ForecastModel btc = Shipped("btcusd-lstm-2x100.safetensors");
        var log = new LinesLogger();
        using var telemetry = new PredictorTelemetry(TimeProvider.System);
        long counted = 0;
        using var listener = new MeterListener { InstrumentPublished = (instrument, l) => { if (instrument.Name == "stream.predictor.series.outside_training_range") { l.EnableMeasurementEvents(instrument); } } };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => counted += value);
        listener.Start();
        var fit = new ModelFitLog(log, telemetry);

        fit.Close("BTC-USD", 2600, btc);
        fit.Close("BTC-USD", 3500, btc);
        fit.Close("ACME", 0.49, btc);
        fit.Close("ACME", 0.51, btc);

        Assert.Equal((2482.95, 2781.59), btc.TrainingPrices);
        string warning = Assert.Single(log.Lines);
        Assert.StartsWith("series ACME closes at 0.49, far outside the 2482.95 to 2781.59 that its per-series model btcusd-lstm-2x100 was trained on", warning, StringComparison.Ordinal);
        Assert.Equal(LogLevel.Warning, Assert.Single(log.Levels));
        Assert.Equal(1, counted);
    }

    [Fact]
    public void TheGlobalModel_IsFitForAnySeries_AndSaysSoAtStart_AndOfEachNewSeriesAtDebug()
    {
        ForecastModel global = Shipped("global-lstm-2x100.safetensors");
        var log = new LinesLogger();
        using var telemetry = new PredictorTelemetry(TimeProvider.System);
        var fit = new ModelFitLog(log, telemetry);

        fit.Started(global);
        fit.NewSeries("ACME", global, routed: false);
        fit.NewSeries("BTC-USD", global, routed: true);
        fit.Close("ACME", 0.49, global);

        Assert.True(global.IsGlobal);
        Assert.Null(global.TrainingPrices);
        Assert.Equal([LogLevel.Information, LogLevel.Debug], log.Levels);
        Assert.Contains("a global model (trained on EUR/USD,BTC-USD", log.Lines[0], StringComparison.Ordinal);
        Assert.Equal("new series ACME: forecast with the default model global-lstm-2x100 (no --model-for names it)", log.Lines[1]);
    }
}
