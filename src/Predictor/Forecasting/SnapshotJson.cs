using System.Text.Json.Serialization;

namespace StreamForecast.Predictor.Forecasting;

/// <summary>Source-generated JSON for snapshots (NaN allowed: a fresh series has no last close).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(SeriesSnapshot))]
internal sealed partial class SnapshotJson : JsonSerializerContext;
