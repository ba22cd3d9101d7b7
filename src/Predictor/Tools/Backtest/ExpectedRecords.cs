using System.Text.Json;
using StreamForecast.Contracts;
using StreamForecast.Engine.Inference;
using StreamForecast.MarketData;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Predictor.Service.Outputs;
using StreamForecast.Predictor.Service;

namespace StreamForecast.Predictor.Tools.Backtest;

/// <summary>
/// The Prediction, Score and metrics records one uninterrupted run publishes for some series' bars, byte for
/// byte, computed in process (each series on its own, as outputs depend on nothing else) and serialised
/// through the message types, apart from the service's own writer: what the topics must hold, de-duplicated
/// by (key, asOf), whatever crashed, stopped or moved in between.
/// </summary>
internal static class ExpectedRecords
{
    /// <returns>(topic, key, asOf) → the record's value.</returns>
    public static Dictionary<(string Topic, string Key, long AsOf), byte[]> For(ServedModels models, ServeSettings serve, IEnumerable<(string Series, IEnumerable<Bar> Bars)> inputs)
    {
        var expected = new Dictionary<(string, string, long), byte[]>();
        foreach (var (series, bars) in inputs)
        {
            ForecastModel model = models.Overrides.GetValueOrDefault(series, models.Default);
            using var backend = new CpuLstmBackend(model.Checkpoint.Parameters);
            using var processor = new ForecastProcessor(model, backend, serve.Forecast);
            var outputs = new ForecastCollector(scores: true, metrics: true);
            foreach (SeriesBar[] chunk in bars.Select(bar => new SeriesBar(series, bar)).Chunk(serve.Forecast.MaxBatch))
            {
                processor.Process(chunk, outputs);
            }

            PredictorOptions topics = serve.Options;
            foreach (Forecast forecast in outputs.Forecasts)
            {
                expected[(topics.PredictionsTopic, series, forecast.AsOf)] = JsonSerializer.SerializeToUtf8Bytes(OutputRecords.ToPrediction(forecast, model, serve.Forecast.Intervals), ContractsJson.Default.Prediction);
            }

            foreach (BarScores score in outputs.Scores)
            {
                expected[(topics.ScoresTopic, series, score.Timestamp)] =
                    JsonSerializer.SerializeToUtf8Bytes(OutputRecords.ToScore(score, serve.ScoreModels, serve.Forecast.Horizon), ContractsJson.Default.Score);
            }

            foreach (MetricsSnapshot snapshot in outputs.Metrics)
            {
                expected[(topics.MetricsTopic, series, snapshot.AsOf)] = JsonSerializer.SerializeToUtf8Bytes(OutputRecords.ToMetrics(snapshot), ContractsJson.Default.SeriesMetrics);
            }
        }

        return expected;
    }
}
