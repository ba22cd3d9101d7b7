using Confluent.Kafka;
using StreamForecast.Contracts;
using StreamForecast.Forecasting.Baselines;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Intervals;
using StreamForecast.Forecasting.Preprocessing;

namespace StreamForecast.Predictor.Service;

/// <summary>How the service consumes, batches, guards and publishes (defaults as in <see cref="PredictorOptions"/>).</summary>
/// <param name="Client">Kafka client settings, passed straight through.</param>
/// <param name="Forecast">Horizon, gap rule, baselines.</param>
internal sealed record ServeSettings(ClientConfig Client, ForecastSettings Forecast)
{
    /// <summary>Consumer group; predictor replicas share it and split the partitions.</summary>
    public string GroupId { get; init; } = "stream-predictor";

    public string BarsTopic { get; init; } = TopicNames.Bars;

    /// <summary>Output: one Prediction per valid bar that has a flow.</summary>
    public string PredictionsTopic { get; init; } = TopicNames.Predictions;

    /// <summary>Output: one Score per bar that realises earlier forecasts.</summary>
    public string ScoresTopic { get; init; } = TopicNames.Scores;

    /// <summary>Output: each series' running metrics, every <see cref="ForecastSettings.MetricsEvery"/> of its bars (compacted).</summary>
    public string MetricsTopic { get; init; } = TopicNames.Metrics;

    /// <summary>The models whose errors a Score carries (indexes in report order); running metrics cover every model.</summary>
    public IReadOnlyList<int> ScoreModels { get; init; } = [ModelNames.LstmIndex, ModelNames.NaiveIndex];

    /// <summary>Rejected input, with the reason in headers.</summary>
    public string DeadLetterTopic { get; init; } = TopicNames.DeadLetters;

    /// <summary>The durable series state.</summary>
    public string StateTopic { get; init; } = TopicNames.State;

    /// <summary>How often changed series are checkpointed and the input offsets committed.</summary>
    public TimeSpan CheckpointInterval { get; init; } = PredictorOptions.DefaultCheckpointInterval;

    /// <summary>Series encoded between two batches while a checkpoint is written.</summary>
    public int CheckpointSlice { get; init; } = 32;

    /// <summary>Outputs, state records and input offsets in one transaction per checkpoint (a real broker enforces it).</summary>
    public bool ExactlyOnce { get; init; }

    /// <summary>Client settings for the bars consumer alone, over <see cref="Client"/> (the benchmark's prompt fetches from the mock broker).</summary>
    public IReadOnlyDictionary<string, string> ConsumerOverrides { get; init; } = new Dictionary<string, string>();

    /// <summary>Bars per micro-batch at most.</summary>
    public int MaxBatch { get; init; } = 1024;

    /// <summary>How long a micro-batch waits for more bars once none are buffered.</summary>
    public TimeSpan Linger { get; init; } = TimeSpan.Zero;

    /// <summary>Quality and close gauges carry a series tag only up to this many series.</summary>
    public int SeriesTagLimit { get; init; } = 50;

    /// <summary>How often the gauges' snapshot is rebuilt (while bars arrive).</summary>
    public TimeSpan GaugeInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How far past the wall clock a bar's minute may lie.</summary>
    public TimeSpan MaxFutureSkew { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Series this instance keeps state for, at most.</summary>
    public int MaxSeries { get; init; } = 100_000;

    /// <summary>Which series are served (all when empty).</summary>
    public SeriesAllowList Series { get; init; } = SeriesAllowList.All;

    /// <summary>How long a stop may wait for outstanding deliveries.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The most bytes of a rejected record's value a dead letter carries.</summary>
    public int DeadLetterMaxBytes { get; init; } = 64 * 1024;

    /// <summary>The settings <c>serve</c> runs with: its options, and the Kafka client settings as given.</summary>
    public static ServeSettings From(PredictorOptions options, ClientConfig client) =>
        new(client, new ForecastSettings(options.Horizon, GapPolicy.Parse(options.Gap, options.GapLimit), BaselineSettings.Default, MetricsEvery: options.MetricsEvery)
        {
            Intervals = IntervalSettings.Parse(options.IntervalLevels, options.IntervalWindow, options.IntervalGamma, options.IntervalMinErrors, options.IntervalModels),
        })
        {
            GroupId = options.Group,
            BarsTopic = options.BarsTopic,
            PredictionsTopic = options.PredictionsTopic,
            ScoresTopic = options.ScoresTopic,
            MetricsTopic = options.MetricsTopic,
            ScoreModels = ModelNames.Parse(options.ScoreModels),
            DeadLetterTopic = options.DeadLetterTopic,
            StateTopic = options.StateTopic,
            CheckpointInterval = options.CheckpointInterval,
            CheckpointSlice = options.CheckpointSlice,
            ExactlyOnce = options.Guarantee == "exactly-once",
            MaxBatch = options.MaxBatch,
            Linger = options.Linger,
            SeriesTagLimit = options.SeriesTagLimit,
            GaugeInterval = options.GaugeInterval,
            MaxFutureSkew = options.MaxFutureSkew,
            MaxSeries = options.MaxSeries,
            Series = SeriesAllowList.Parse(options.Series),
            ShutdownTimeout = options.ShutdownTimeout,
            DeadLetterMaxBytes = options.DeadLetterMaxBytes,
        };
}
