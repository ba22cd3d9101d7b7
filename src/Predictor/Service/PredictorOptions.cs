using System.ComponentModel.DataAnnotations;
using StreamForecast.Contracts;
using StreamForecast.Forecasting.Baselines;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Intervals;
using StreamForecast.Forecasting.Preprocessing;

namespace StreamForecast.Predictor.Service;

/// <summary>
/// The <c>serve</c> settings (section <c>Predictor</c>): environment <c>Predictor__Horizon=10</c>, or the flag
/// <c>--horizon 10</c>, which wins. Validated at start; a bad value stops the process naming the key.
/// Kafka client settings are not modelled here: they pass straight through from the <c>Kafka</c> section.
/// The one place the service's defaults live: nothing downstream repeats them.
/// </summary>
internal sealed class PredictorOptions
{
    public const string SectionName = "Predictor";

    /// <summary>Default checkpoint (.safetensors) for every series.</summary>
    /// <remarks>Empty: the shipped models (<see cref="ServedModels.Shipped"/>).</remarks>
    public string Model { get; set; } = "";

    /// <summary>
    /// Other checkpoints for some series, by series: environment <c>Predictor__ModelFor__EUR/USD=FILE</c>, or the
    /// flag <c>--model-for EUR/USD=FILE</c> (repeatable).
    /// </summary>
    public Dictionary<string, string> ModelFor { get; set; } = new(StringComparer.Ordinal);

    /// <summary>K: forecast 1..K minutes ahead.</summary>
    [Range(1, 120)]
    public int Horizon { get; set; } = 10;

    /// <summary>Bars per micro-batch at most (also the forecasting chunk: the rollouts of a batch run as one engine batch).</summary>
    [Range(1, 65536)]
    public int MaxBatch { get; set; } = 1024;

    /// <summary>
    /// How long a micro-batch waits for more bars once none are buffered (0: none; under load a batch is what
    /// has arrived while the last one was processed, so batches grow with the load by themselves).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan Linger { get; set; } = TimeSpan.Zero;

    /// <summary>Consumer group; replicas share it and split the partitions.</summary>
    [Required]
    [MinLength(1)]
    public string Group { get; set; } = "stream-predictor";

    /// <summary>zero-fill, reset or continue.</summary>
    [RegularExpression("^(zero-fill|reset|continue)$", ErrorMessage = "Predictor:Gap must be zero-fill, reset or continue")]
    public string Gap { get; set; } = "zero-fill";

    /// <summary>Minutes up to which a gap is filled.</summary>
    [Range(0, 1440)]
    public int GapLimit { get; set; } = 30;

    /// <summary>Quality and close gauges carry a series tag only up to this many series (then: means over series).</summary>
    [Range(0, 10000)]
    public int SeriesTagLimit { get; set; } = 50;

    /// <summary>How often the gauges are rebuilt.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan GaugeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How far past the wall clock a bar's minute may lie; later bars are dead-lettered (future-timestamp).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Series this instance keeps state for, at most; bars of further series are dead-lettered (series-limit).
    /// 0 (the default): as many as <see cref="MemoryBudget"/> holds, at the served models' bytes a series.
    /// </summary>
    [Range(0, 100_000_000)]
    public int MaxSeries { get; set; }

    /// <summary>
    /// Bytes the series' state may take (rows and LSTM state). 0 (the default): three quarters of the memory this
    /// process may use (the container's limit from cgroups where there is one, else the machine's) less 256 MiB
    /// for the runtime and the Kafka client's buffers.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long MemoryBudget { get; set; }

    /// <summary>
    /// Which series to serve: names or patterns (<c>*</c>, <c>?</c>) separated by commas, e.g. <c>BTC-USD,EUR/*</c>; empty
    /// serves every series. Bars of other series are dead-lettered (unknown-series).
    /// </summary>
    public string Series { get; set; } = "";

    /// <summary>How long SIGTERM may wait for outstanding deliveries before the service gives up on them (offsets not stored).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The largest bar value accepted; a larger record is dead-lettered <c>too-large</c> (a bar is about 150 bytes).</summary>
    [Range(256, 1024 * 1024)]
    public int MaxBarBytes { get; set; } = 4 * 1024;

    /// <summary>The most bytes of a rejected record's value its dead letter carries (the rest is cut; size and SHA-256 go in headers).</summary>
    [Range(0, 512 * 1024)]
    public int DeadLetterMaxBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// How often the state of every series changed since the last checkpoint is written to the state topic, and the input
    /// offsets committed once it and every output before it are delivered. Live (a bar a minute a series) a series'
    /// state is written once per bar whatever the interval; in a faster replay a shorter interval writes each state
    /// (about 8 KB; 168 KB with ACI intervals) more often, and a longer one leaves more bars to process again after a crash.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan CheckpointInterval { get; set; } = DefaultCheckpointInterval;

    public static readonly TimeSpan DefaultCheckpointInterval = TimeSpan.FromSeconds(5);

    /// <summary>Series whose state is encoded between two batches while a checkpoint is written (a bar waits for at most one slice).</summary>
    [Range(1, 1_000_000)]
    public int CheckpointSlice { get; set; } = 32;

    /// <summary>at-least-once (default): outputs may repeat after a crash, always identical; exactly-once: transactions (a real broker).</summary>
    [RegularExpression("^(at-least-once|exactly-once)$", ErrorMessage = "Predictor:Guarantee must be at-least-once or exactly-once")]
    public string Guarantee { get; set; } = "at-least-once";

    /// <summary>The durable series state (compacted, as many partitions as the bars topic).</summary>
    [Required]
    public string StateTopic { get; set; } = TopicNames.State;

    /// <summary>A series' running metrics go to the metrics topic every this many of its bars.</summary>
    [Range(1, 1_000_000)]
    public int MetricsEvery { get; set; } = 60;

    /// <summary>The models whose errors a Score carries: names separated by commas, or "all" (running metrics cover every model either way).</summary>
    [RegularExpression(@"^(all|[a-z]+(,[a-z]+)*)$", ErrorMessage = "Predictor:ScoreModels must be 'all' or model names separated by commas")]
    public string ScoreModels { get; set; } = "lstm,naive";

    /// <summary>How intervals learn from realised errors: qt (scale-adaptive quantile tracking, O(1) state) or aci (windowed adaptive conformal).</summary>
    [RegularExpression("^(qt|aci)$", ErrorMessage = "Predictor:IntervalMethod must be qt or aci")]
    public string IntervalMethod { get; set; } = IntervalSettings.Default.MethodName;

    /// <summary>Prediction intervals' nominal coverage levels in percent, ascending ("80,95"; empty: none).</summary>
    public string IntervalLevels { get; set; } = string.Join(',', IntervalSettings.Default.Levels);

    /// <summary>qt: η, a realised forecast moves q by η × the error scale × (miss − α).</summary>
    [Range(1e-9, 10.0)]
    public double IntervalEta { get; set; } = IntervalSettings.Default.Eta;

    /// <summary>qt: the error scale averages about the last this many absolute errors.</summary>
    [Range(1, 1_000_000)]
    public int IntervalScaleSpan { get; set; } = IntervalSettings.Default.ScaleSpan;

    /// <summary>aci: the most recent absolute errors an interval is computed from, per series, model and horizon (W).</summary>
    [Range(1, 100_000)]
    public int IntervalWindow { get; set; } = IntervalSettings.Default.Window;

    /// <summary>aci: γ, how far one realised interval moves its working level.</summary>
    [Range(0.0, 0.5)]
    public double IntervalGamma { get; set; } = IntervalSettings.Default.Gamma;

    /// <summary>No interval is published until this many forecasts were realised at its horizon.</summary>
    [Range(1, 100_000)]
    public int IntervalMinErrors { get; set; } = IntervalSettings.Default.MinErrors;

    /// <summary>The models that get intervals: names separated by commas, "all" or "none".</summary>
    [RegularExpression(@"^(all|none|[a-z]+(,[a-z]+)*)$", ErrorMessage = "Predictor:IntervalModels must be 'all', 'none' or model names separated by commas")]
    public string IntervalModels { get; set; } = string.Join(',', IntervalSettings.Default.Models.Select(m => ModelNames.All[m]));

    /// <summary>Output: running metrics per series (compacted).</summary>
    [Required]
    public string MetricsTopic { get; set; } = TopicNames.Metrics;

    /// <summary>Input topic.</summary>
    [Required]
    public string BarsTopic { get; set; } = TopicNames.Bars;

    /// <summary>Output: predictions.</summary>
    [Required]
    public string PredictionsTopic { get; set; } = TopicNames.Predictions;

    /// <summary>Output: scores.</summary>
    [Required]
    public string ScoresTopic { get; set; } = TopicNames.Scores;

    /// <summary>Rejected input.</summary>
    [Required]
    public string DeadLetterTopic { get; set; } = TopicNames.DeadLetters;

    /// <summary>Input: the models served per route, champion and challenger (compacted, one partition; <c>predictor model publish</c>).</summary>
    [Required]
    public string ModelsTopic { get; set; } = TopicNames.Models;

    /// <summary>Records of <see cref="ModelsTopic"/> that are not valid models, with the reason.</summary>
    [Required]
    public string ModelsDeadLetterTopic { get; set; } = TopicNames.ModelsDeadLetters;

    /// <summary>Output: a challenger's predictions in shadow (the schema of <see cref="PredictionsTopic"/>).</summary>
    [Required]
    public string ChallengerPredictionsTopic { get; set; } = TopicNames.ChallengerPredictions;

    /// <summary>How the series are forecast: K, the gap rule, the baselines, the intervals, the chunk (<see cref="MaxBatch"/>) and the metrics' cadence.</summary>
    public ForecastSettings Forecast() =>
        new(Horizon, GapPolicy.Parse(Gap, GapLimit), BaselineSettings.Default, MaxBatch, MetricsEvery) { Intervals = Intervals() };

    /// <summary>The interval settings from their options, checked.</summary>
    public IntervalSettings Intervals() =>
        new IntervalSettings(IntervalSettings.ParseMethod(IntervalMethod), IntervalSettings.ParseLevels(IntervalLevels), IntervalMinErrors, ModelNames.Parse(IntervalModels))
        {
            Eta = IntervalEta,
            ScaleSpan = IntervalScaleSpan,
            Window = IntervalWindow,
            Gamma = IntervalGamma,
        }.Validated();
}
