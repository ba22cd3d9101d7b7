namespace StreamForecast.Contracts;

/// <summary>One minute bar of a series, on <see cref="TopicNames.Bars"/>, keyed by <see cref="Series"/>.</summary>
/// <param name="Series">The series key, e.g. "BTC-USD".</param>
/// <param name="Timestamp">Unix seconds (UTC) at the start of the minute.</param>
/// <param name="Open">First price of the minute.</param>
/// <param name="High">Highest price; at least max(open, close).</param>
/// <param name="Low">Lowest price; at most min(open, close).</param>
/// <param name="Close">Last price of the minute.</param>
/// <param name="Volume">Traded volume (0 where the source publishes none).</param>
public sealed record MinuteBar(string Series, long Timestamp, double Open, double High, double Low, double Close, double Volume)
{
    /// <summary>Version of this schema; readers reject versions they do not know.</summary>
    public int SchemaVersion { get; init; } = Schemas.Version;
}
