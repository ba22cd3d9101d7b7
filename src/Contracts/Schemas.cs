namespace StreamForecast.Contracts;

/// <summary>Schema names, the version, and the Kafka header names every record carries.</summary>
public static class Schemas
{
    /// <summary>Version of the bar schema (<see cref="Contracts.MinuteBar"/>).</summary>
    public const int Version = 1;

    /// <summary>
    /// Version of the <see cref="Contracts.Prediction"/> schema. 3: intervals of the served LSTM only (each a
    /// level and its half-widths; naive's interval scores stay on the metrics topic); 2: baselines as lines, no flows.
    /// Readers of an older version reject records by this number.
    /// </summary>
    public const int PredictionVersion = 3;

    /// <summary>
    /// Version of the <see cref="Contracts.Score"/> and <see cref="Contracts.SeriesMetrics"/> schemas. 2: leaner
    /// records; readers of version 1 reject them by this number.
    /// </summary>
    public const int OutputVersion = 2;

    /// <summary>Header naming the record's schema, e.g. "stream.minute-bar.v1".</summary>
    public const string SchemaHeader = "schema";

    /// <summary>Dead letters: why the record was rejected.</summary>
    public const string ReasonHeader = "dead-letter-reason";

    /// <summary>Dead letters: the reason's short code (e.g. "out-of-order"), from a fixed set.</summary>
    public const string ReasonCodeHeader = "dead-letter-code";

    /// <summary>Dead letters: the topic, partition and offset it came from.</summary>
    public const string SourceHeader = "dead-letter-source";

    /// <summary>Dead letters: the rejected value's size in bytes (decimal), whatever the dead letter carries of it.</summary>
    public const string OriginalSizeHeader = "dead-letter-original-size";

    /// <summary>Dead letters: the SHA-256 of the whole rejected value (lowercase hex); its first bytes are the dead letter's value.</summary>
    public const string Sha256Header = "dead-letter-sha256";

    /// <summary>Predictions: unix milliseconds (wall clock) at which the service consumed the bar.</summary>
    public const string ConsumedAtHeader = "bar-consumed-at";

    /// <summary>
    /// W3C trace context: on a bar, the ingest's publish span; on a prediction, the predictor's publish span
    /// (a child of the bar's processing span); on a score or dead letter, the bar's own.
    /// </summary>
    public const string TraceParentHeader = "traceparent";

    /// <summary>Schema id (the <see cref="SchemaHeader"/> value) of <see cref="Contracts.MinuteBar"/>.</summary>
    public const string MinuteBarId = "stream.minute-bar.v1";

    /// <summary>Schema id of <see cref="Contracts.Prediction"/>.</summary>
    public const string PredictionId = "stream.prediction.v3";

    /// <summary>Schema id of <see cref="Contracts.Score"/>.</summary>
    public const string ScoreId = "stream.score.v2";

    /// <summary>Schema id of <see cref="Contracts.SeriesMetrics"/>.</summary>
    public const string MetricsId = "stream.metrics.v2";
}
