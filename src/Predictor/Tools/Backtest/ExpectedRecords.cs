using System.Text.Json;
using StreamForecast.Contracts;
using StreamForecast.Engine.Inference;
using StreamForecast.MarketData;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Rollout;
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
    /// <param name="models">The service's models (per series).</param>
    /// <param name="serve">Its settings.</param>
    /// <param name="inputs">Each series' bars.</param>
    /// <param name="challenges">A challenger per series, as the models topic gave its route one (before its first bar).</param>
    /// <returns>(topic, key, asOf) → the record's value.</returns>
    public static Dictionary<(string Topic, string Key, long AsOf), byte[]> For(
        ServedModels models, ServeSettings serve, IEnumerable<(string Series, IEnumerable<Bar> Bars)> inputs, IReadOnlyDictionary<string, Challenge>? challenges = null)
    {
        var expected = new Dictionary<(string, string, long), byte[]>();
        PredictorOptions topics = serve.Options;
        foreach (var (series, bars) in inputs)
        {
            ForecastModel model = models.Overrides.GetValueOrDefault(series, models.Default);
            using var backend = new CpuLstmBackend(model.Checkpoint.Parameters);
            using var processor = new ForecastProcessor(model, backend, serve.Forecast);
            var route = new RouteModels(processor);
            Challenge? challenge = challenges?.GetValueOrDefault(series);
            using ChallengerProcessors? challenger = challenge is null ? null : new ChallengerProcessors(challenge.Model, serve.Forecast);
            challenger?.Join(route, challenge!.Plan);
            var outputs = new RouteCollector(scores: true, metrics: true);
            foreach (SeriesBar[] chunk in bars.Select(bar => new SeriesBar(series, bar)).Chunk(serve.Forecast.MaxBatch))
            {
                outputs.Process(route, chunk, chunk.Length);
            }

            foreach (RouteCollector.Part part in outputs.Parts)
            {
                string? role = part.Shadow ? ChallengerRecords.Role : null;
                string key = part.Shadow ? series + ChallengerRecords.KeySuffix : series;
                string predictions = part.Shadow ? topics.ChallengerPredictionsTopic : topics.PredictionsTopic;
                foreach (Forecast forecast in part.Outputs.Forecasts)
                {
                    expected[(predictions, series, forecast.AsOf)] =
                        JsonSerializer.SerializeToUtf8Bytes(OutputRecords.ToPrediction(forecast, part.Processor.Model, serve.Forecast.Intervals), ContractsJson.Default.Prediction);
                }

                foreach (BarScores score in part.Outputs.Scores)
                {
                    expected[(topics.ScoresTopic, key, score.Timestamp)] =
                        JsonSerializer.SerializeToUtf8Bytes(OutputRecords.ToScore(score, serve.ScoreModels, serve.Forecast.Horizon, role), ContractsJson.Default.Score);
                }

                foreach (MetricsSnapshot snapshot in part.Outputs.Metrics)
                {
                    expected[(topics.MetricsTopic, key, snapshot.AsOf)] = JsonSerializer.SerializeToUtf8Bytes(OutputRecords.ToMetrics(snapshot, role), ContractsJson.Default.SeriesMetrics);
                }
            }
        }

        return expected;
    }
}
