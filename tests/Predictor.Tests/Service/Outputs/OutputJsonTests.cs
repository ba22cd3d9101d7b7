using System.Text.Json;
using StreamForecast.Contracts;
using StreamForecast.Engine.Inference;
using StreamForecast.Forecasting.Baselines;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Intervals;
using StreamForecast.Predictor.Service.Outputs;
using StreamForecast.Forecasting.Preprocessing;
using StreamForecast.Forecasting.Scoring;
using StreamForecast.Forecasting.Tests.Forecasts;

namespace StreamForecast.Predictor.Tests.Service.Outputs;

public sealed class OutputJsonTests
{
    [Fact]
    public void Write_EveryRecord_IsByteForByteWhatTheContractSerialiserMakesOfTheMessage()
    {
        ForecastModel model = TestForecasters.Recursive();
        var settings = new ForecastSettings(10, GapPolicy.Default, BaselineSettings.Default, MetricsEvery: 7);
        using var backend = new CpuLstmBackend(model.Checkpoint.Parameters);
        using var processor = new ForecastProcessor(model, backend, settings);
        var forecasts = new List<Forecast>();
        var scores = new List<BarScores>();
        var metrics = new List<MetricsSnapshot>();
        processor.Process([.. TestForecasters.Btc(400).Select(b => new SeriesBar("EUR/USD é", b))], forecasts, scores, null, metrics);
        using var json = new OutputJson();
        int[] all = [.. Enumerable.Range(0, ModelNames.All.Length)];

        Assert.All(forecasts, f => Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(OutputRecords.ToPrediction(f, model, settings.Intervals), ContractsJson.Default.Prediction), json.Prediction(f, model, settings.Intervals)));
        Assert.All(scores, s => Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(OutputRecords.ToScore(s, [0, 1], 10), ContractsJson.Default.Score), json.Score(s, [0, 1], 10)));
        Assert.All(scores, s => Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(OutputRecords.ToScore(s, all, 10), ContractsJson.Default.Score), json.Score(s, all, 10)));
        Assert.All(metrics, m => Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(OutputRecords.ToMetrics(m), ContractsJson.Default.SeriesMetrics), json.Metrics(m)));
        Assert.True(forecasts.Count > 300 && scores.Count > 300 && metrics.Count > 40, $"{forecasts.Count} {scores.Count} {metrics.Count}");
        Assert.Contains(forecasts, f => f.HalfWidths is { } q && double.IsFinite(q[0]));
        Assert.Contains(forecasts, f => f.HalfWidths is { } q && double.IsNaN(q[0]));
    }

    [Fact]
    public void Metrics_AreDueByTheBarsOwnNumber_WhateverTheBatching()
    {
        ForecastModel model = TestForecasters.Recursive();
        var settings = new ForecastSettings(5, GapPolicy.Default, BaselineSettings.Default, MaxBatch: 13, MetricsEvery: 10);
        SeriesBar[] bars = [.. TestForecasters.Btc(200).Select(b => new SeriesBar("S", b))];
        using var json = new OutputJson();

        List<string> Run(int call)
        {
            using var backend = new CpuLstmBackend(model.Checkpoint.Parameters);
            using var processor = new ForecastProcessor(model, backend, settings);
            var metrics = new List<MetricsSnapshot>();
            foreach (SeriesBar[] chunk in bars.Chunk(call))
            {
                processor.Process(chunk, new List<Forecast>(), null, null, metrics);
            }

            return [.. metrics.Select(m => System.Text.Encoding.UTF8.GetString(json.Metrics(m)))];
        }

        List<string> whole = Run(200), pieces = Run(7);
        Assert.Equal(20, whole.Count);
        Assert.Equal(whole, pieces);
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
}
