using System.Text.Json.Serialization;

namespace StreamForecast.Predictor.Service.Models;

/// <summary>The models topic's header, serialised without reflection.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ModelHeader))]
internal sealed partial class ModelsJson : JsonSerializerContext;
