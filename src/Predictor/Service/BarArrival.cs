using System.Diagnostics;

namespace StreamForecast.Predictor.Service;

/// <summary>When a bar was consumed, and the trace context its record carried.</summary>
/// <param name="ConsumedAt">Wall clock at consumption.</param>
/// <param name="Parent">The ingest's publish span, or default when the bar carried none.</param>
internal readonly record struct BarArrival(DateTimeOffset ConsumedAt, ActivityContext Parent);
