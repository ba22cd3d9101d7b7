using System.Text.Json;
using StreamForecast.Contracts;
using StreamForecast.Engine.Inference;
using StreamForecast.Forecasting.Baselines;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Intervals;
using StreamForecast.Predictor.Service;
using StreamForecast.Predictor.Service.Outputs;
using StreamForecast.Forecasting.Preprocessing;
using StreamForecast.Forecasting.Tests.Forecasts;

namespace StreamForecast.Predictor.Tests.Service.Outputs;

public sealed class OutputJsonTests
{
    [Theory]
    [InlineData("qt")]
    [InlineData("aci")]
    public void Write_EveryRecord_IsByteForByteWhatTheContractSerialiserMakesOfTheMessage(string method)
    {
        ForecastModel model = TestForecasters.Recursive();
        var settings = new ForecastSettings(10, GapPolicy.Default, BaselineSettings.Default, MetricsEvery: 7) { Intervals = new PredictorOptions { IntervalMethod = method }.Intervals() };
        using var backend = new CpuLstmBackend(model.Checkpoint.Parameters);
        using var processor = new ForecastProcessor(model, backend, settings);
        using var json = new OutputJson();
        var twin = new Twin(json, model, settings.Intervals);
        processor.Process([.. TestForecasters.Btc(400).Select(b => new SeriesBar("EUR/USD é", b))], twin);

        Assert.All(twin.Records, pair => Assert.Equal(pair.Contract, pair.Json));
        Assert.True(twin.Count("predictions") > 300 && twin.Count("scores") > 600 && twin.Count("metrics") > 40, string.Join(", ", twin.Records.CountBy(r => r.Kind)));

        // Predictions carry the LSTM's intervals only, one per level, null while warming up; schema 3.
        List<Prediction> predictions = [.. twin.Records.Where(r => r.Kind == "predictions").Select(r => JsonSerializer.Deserialize(r.Json, ContractsJson.Default.Prediction)!)];
        Assert.All(predictions, p => Assert.Equal([80.0, 95.0], p.Intervals!.Select(i => i.Level)));
        Assert.Contains(predictions, p => p.Intervals![0].HalfWidths[0] is null);
        Assert.Contains(predictions, p => p.Intervals!.All(i => i.HalfWidths.All(w => w > 0)));
        Assert.All(predictions, p => Assert.Equal(3, p.SchemaVersion));
        Assert.DoesNotContain("naive\",\"level", System.Text.Encoding.UTF8.GetString(twin.Records.First(r => r.Kind == "predictions").Json), StringComparison.Ordinal);
    }

    [Fact]
    public void Metrics_OfASeriesFarOutsideItsModelsTrainingPrices_CarryTheFlag_AsTheContractSerialiserWritesIt()
    {
        ForecastModel model = ForecastModel.Load(Path.Combine(Forecasting.Tests.Fixtures.RepositoryRoot(), "models", "btcusd-lstm-2x100.safetensors"));
        var settings = new ForecastSettings(3, GapPolicy.Default, BaselineSettings.Default, MetricsEvery: 10);
        using var backend = new CpuLstmBackend(model.Checkpoint.Parameters);
        using var processor = new ForecastProcessor(model, backend, settings);
        using var json = new OutputJson();
        var twin = new Twin(json, model, settings.Intervals);
        var bars = TestForecasters.Btc(100);
        processor.Process([.. bars.Select(b => new SeriesBar("BTC-USD", b)), .. bars.Select(b => new SeriesBar("ACME", b with { Close = b.Close / 5000 }))], twin);

        List<SeriesMetrics> metrics = [.. twin.Records.Where(r => r.Kind == "metrics").Select(r => JsonSerializer.Deserialize(r.Json, ContractsJson.Default.SeriesMetrics)!)];
        Assert.All(twin.Records, pair => Assert.Equal(pair.Contract, pair.Json));
        Assert.All(metrics, m => Assert.Equal(m.Series == "ACME", m.OutsideTrainingRange));
        Assert.Equal(20, metrics.Count);
        Assert.DoesNotContain("outsideTrainingRange", System.Text.Encoding.UTF8.GetString(twin.Records.First(r => r.Kind == "metrics").Json), StringComparison.Ordinal);
    }

    [Fact]
    public void Prediction_BaselineLines_GiveBackEveryCloseBitForBit()
    {
        ForecastModel model = TestForecasters.Recursive();
        List<Forecast> forecasts = TestForecasters.Run(model, TestForecasters.Btc(300).Select(b => new SeriesBar("S", b)), TestForecasters.Settings(10));

        foreach (Forecast forecast in forecasts)
        {
            Prediction prediction = JsonSerializer.Deserialize(OutputRecords.ToPrediction(forecast, model, IntervalSettings.Default) is var p ? JsonSerializer.SerializeToUtf8Bytes(p, ContractsJson.Default.Prediction) : [], ContractsJson.Default.Prediction)!;
            for (int h = 1; h <= 10; h++)
            {
                Assert.Equal(forecast.ClosePrediction(ModelNames.LstmIndex, h), prediction.Lstm[h - 1]);
                for (int b = 0; b < prediction.Baselines.Count; b++)
                {
                    Assert.Equal(BitConverter.DoubleToInt64Bits(forecast.ClosePrediction(b + 1, h)), BitConverter.DoubleToInt64Bits(prediction.Baselines[b].Close(h)));
                }
            }
        }
    }

    /// <summary>Each output twice: written by <see cref="OutputJson"/> from the view, and serialised from the message <see cref="OutputRecords"/> makes of the kept values.</summary>
    private sealed class Twin(OutputJson json, ForecastModel model, IntervalSettings intervals) : IForecastSink
    {
        private static readonly int[] ScoreModels = [0, 1];

        public List<(string Kind, byte[] Json, byte[] Contract)> Records { get; } = [];

        public int Count(string kind) => Records.Count(r => r.Kind == kind);

        public void Fault(in BarFault fault)
        {
        }

        public void Realised(in Realisation realisation)
        {
            BarScores kept = BarScores.Of(realisation);
            int[] all = [.. Enumerable.Range(0, ModelNames.All.Length)];
            Records.Add(("scores", json.Score(realisation, ScoreModels), JsonSerializer.SerializeToUtf8Bytes(OutputRecords.ToScore(kept, ScoreModels, realisation.Horizon), ContractsJson.Default.Score)));
            Records.Add(("scores", json.Score(realisation, all), JsonSerializer.SerializeToUtf8Bytes(OutputRecords.ToScore(kept, all, realisation.Horizon), ContractsJson.Default.Score)));
        }

        public void Forecast(in ForecastView forecast) =>
            Records.Add(("predictions", json.Prediction(forecast, model, intervals),
                JsonSerializer.SerializeToUtf8Bytes(OutputRecords.ToPrediction(Forecasting.Forecasts.Forecast.Of(forecast), model, intervals), ContractsJson.Default.Prediction)));

        public void Metrics(in MetricsView metrics) =>
            Records.Add(("metrics", json.Metrics(metrics), JsonSerializer.SerializeToUtf8Bytes(OutputRecords.ToMetrics(MetricsSnapshot.Of(metrics)), ContractsJson.Default.SeriesMetrics)));
    }
}
