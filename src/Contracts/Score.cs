using System.Text.Json.Serialization;

namespace StreamForecast.Contracts;

/// <summary>
/// The forecasts a bar realises, scored, on <see cref="TopicNames.Scores"/>, keyed by <see cref="Series"/>:
/// one record per bar that meets at least one earlier forecast (a forecast for t + h is scored only by a bar
/// at exactly t + h). Running metrics are on <see cref="TopicNames.Metrics"/>.
/// </summary>
/// <param name="Series">The series key.</param>
/// <param name="Timestamp">The realising bar's minute.</param>
/// <param name="Actual">Its close.</param>
/// <param name="Models">The models whose errors follow, in this order (the service's <c>Predictor:ScoreModels</c>).</param>
/// <param name="Errors">Index h − 1: the forecast made h minutes earlier, forecast − actual per model; null where no forecast for this minute was made h minutes earlier.</param>
public sealed record Score(string Series, long Timestamp, double Actual, IReadOnlyList<string> Models, IReadOnlyList<IReadOnlyList<double>?> Errors)
{
    /// <summary>
    /// <c>challenger</c> for a challenger's record in shadow (keyed <c>SERIES#challenger</c>, beside the served
    /// model's record keyed by the series); absent for the served model's.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Role { get; init; }

    /// <summary>Version of this schema (2: errors only; running metrics moved to the metrics topic).</summary>
    public int SchemaVersion { get; init; } = Schemas.OutputVersion;
}
