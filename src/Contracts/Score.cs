namespace StreamForecast.Contracts;

/// <summary>
/// The forecasts a bar realises, scored, on <see cref="TopicNames.Scores"/>, keyed by <see cref="Series"/>:
/// one record per bar that meets at least one earlier forecast (a forecast for t + h is scored only by a
/// bar at exactly t + h).
/// </summary>
/// <param name="Series">The series key.</param>
/// <param name="Timestamp">The realising bar's minute.</param>
/// <param name="Actual">Its close.</param>
/// <param name="Models">Model names, the order of every per-model array below.</param>
/// <param name="Horizons">One entry per realised horizon.</param>
public sealed record Score(string Series, long Timestamp, double Actual, IReadOnlyList<string> Models, IReadOnlyList<RealisedHorizon> Horizons)
{
    /// <summary>Version of this schema.</summary>
    public int SchemaVersion { get; init; } = Schemas.Version;
}
