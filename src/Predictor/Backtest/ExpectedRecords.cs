using System.Text.Json;
using StreamForecast.Contracts;
using StreamForecast.Engine.Inference;
using StreamForecast.MarketData;
using StreamForecast.Predictor.Forecasting;
using StreamForecast.Predictor.Scoring;
using StreamForecast.Predictor.Service;

namespace StreamForecast.Predictor.Backtest;

/// <summary>
/// The Prediction and Score records one uninterrupted run publishes for some series' bars, byte for byte,
/// computed in process (each series on its own, as outputs depend on nothing else): what the topics must
/// hold, de-duplicated by (key, asOf), whatever crashed, stopped or moved in between.
/// </summary>
internal static class ExpectedRecords
{
    /// <returns>(topic, key, asOf) → the record's value.</returns>
    public static Dictionary<(string Topic, string Key, long AsOf), byte[]> For(
        ServedModels models, ForecastSettings settings, IEnumerable<(string Series, IEnumerable<Bar> Bars)> inputs, string predictionsTopic, string scoresTopic)
    {
        var expected = new Dictionary<(string, string, long), byte[]>();
        foreach (var (series, bars) in inputs)
        {
            ForecastModel model = models.Overrides.GetValueOrDefault(series, models.Default);
            using var backend = new CpuLstmBackend(model.Checkpoint.Parameters);
            using var processor = new ForecastProcessor(model, backend, settings);
            var forecasts = new List<Forecast>();
            var scores = new List<BarScores>();
            foreach (SeriesBar[] chunk in bars.Select(bar => new SeriesBar(series, bar)).Chunk(settings.MaxBatch))
            {
                processor.Process(chunk, forecasts, scores);
            }

            foreach (Forecast forecast in forecasts)
            {
                expected[(predictionsTopic, series, forecast.AsOf)] = JsonSerializer.SerializeToUtf8Bytes(ContractMapping.ToPrediction(forecast, model), ContractsJson.Default.Prediction);
            }

            foreach (BarScores score in scores)
            {
                expected[(scoresTopic, series, score.Timestamp)] = JsonSerializer.SerializeToUtf8Bytes(ContractMapping.ToScore(score), ContractsJson.Default.Score);
            }
        }

        return expected;
    }
}
