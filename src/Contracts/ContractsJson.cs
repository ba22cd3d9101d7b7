using System.Text.Json.Serialization;

namespace StreamForecast.Contracts;

/// <summary>
/// Source-generated System.Text.Json metadata for every message: camelCase, no indentation, nulls
/// written. Serialise with <c>JsonSerializer.SerializeToUtf8Bytes(value, ContractsJson.Default.Prediction)</c>.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(MinuteBar))]
[JsonSerializable(typeof(Prediction))]
[JsonSerializable(typeof(Score))]
[JsonSerializable(typeof(SeriesMetrics))]
public sealed partial class ContractsJson : JsonSerializerContext;
