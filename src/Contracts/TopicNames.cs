namespace StreamForecast.Contracts;

/// <summary>Default Kafka topic names, in one place for every producer and consumer.</summary>
public static class TopicNames
{
    /// <summary>One-minute bars, keyed by series.</summary>
    public const string Bars = "bars.1m";

    /// <summary>Predictions for every consumed bar, keyed by series.</summary>
    public const string Predictions = "predictions.1m";

    /// <summary>Scores of realised forecasts, keyed by series.</summary>
    public const string Scores = "scores.1m";

    /// <summary>Each series' running metrics (compacted, keyed by series: the newest record is the current one).</summary>
    public const string Metrics = "metrics.1m";

    /// <summary>Rejected input with the reason in headers.</summary>
    public const string DeadLetters = "bars.1m.dlq";

    /// <summary>
    /// The predictor's durable series state (compacted, keyed by series, one partition per bars partition): its own,
    /// not a contract; its layout is documented in src/Predictor/Service/State/README.md for operators.
    /// </summary>
    public const string State = "predictor.state.1m";

    /// <summary>The ingest's replay claims on <see cref="Bars"/> (one partition): one replay of a series at a time. Its own, not a contract.</summary>
    public const string BarsReplays = Bars + ".replays";

    /// <summary>The models the predictor serves, per route: champion and challenger (compacted, one partition).</summary>
    public const string Models = "predictor.models";

    /// <summary>Records of <see cref="Models"/> that are not valid models, with the reason.</summary>
    public const string ModelsDeadLetters = Models + ".dlq";

    /// <summary>A challenger's forecasts in shadow: the schema of <see cref="Predictions"/>.</summary>
    public const string ChallengerPredictions = "predictions.challenger.1m";
}
