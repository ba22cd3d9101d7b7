using Confluent.Kafka;
using StreamForecast.Predictor.Baselines;
using StreamForecast.Predictor.Forecasting;
using StreamForecast.Predictor.Preprocessing;

namespace StreamForecast.Predictor.Service;

/// <summary>How the service consumes, batches and publishes.</summary>
/// <param name="Client">Kafka client settings, passed straight through.</param>
/// <param name="GroupId">Consumer group; predictor replicas share it and split the partitions.</param>
/// <param name="BarsTopic">Input.</param>
/// <param name="PredictionsTopic">Output: one Prediction per valid bar that has a flow.</param>
/// <param name="ScoresTopic">Output: one Score per bar that realises earlier forecasts.</param>
/// <param name="DeadLetterTopic">Rejected input, with the reason in headers.</param>
/// <param name="Forecast">Horizon, gap rule, baselines.</param>
/// <param name="MaxBatch">Bars per micro-batch at most.</param>
/// <param name="Linger">How long a micro-batch waits for more bars.</param>
/// <param name="SeriesTagLimit">Quality and close gauges carry a series tag only up to this many series.</param>
/// <param name="GaugeInterval">How often the gauges' snapshot is rebuilt.</param>
internal sealed record ServeSettings(
    ClientConfig Client, string GroupId, string BarsTopic, string PredictionsTopic, string ScoresTopic, string DeadLetterTopic,
    ForecastSettings Forecast, int MaxBatch, TimeSpan Linger, int SeriesTagLimit, TimeSpan GaugeInterval)
{
    /// <summary>The settings <c>serve</c> runs with: its options, and the Kafka client settings as given.</summary>
    public static ServeSettings From(PredictorOptions options, ClientConfig client)
    {
        var forecast = new ForecastSettings(options.Horizon, GapPolicy.Parse(options.Gap, options.GapLimit), BaselineSettings.Default);
        return new ServeSettings(client, options.Group, options.BarsTopic, options.PredictionsTopic, options.ScoresTopic, options.DeadLetterTopic,
            forecast, options.MaxBatch, options.Linger, options.SeriesTagLimit, options.GaugeInterval);
    }
}
