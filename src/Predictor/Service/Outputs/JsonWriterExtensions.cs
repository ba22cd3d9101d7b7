using System.Text.Json;

namespace StreamForecast.Predictor.Service.Outputs;

internal static class JsonWriterExtensions
{
    /// <summary>A number, or null where it is NaN or infinite (JSON has no NaN).</summary>
    public static void WriteNumberOrNull(this Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
