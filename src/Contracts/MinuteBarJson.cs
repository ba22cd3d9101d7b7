using System.Text.Json;

namespace StreamForecast.Contracts;

/// <summary>
/// Reads a <see cref="MinuteBar"/> from its JSON straight off the bytes, accepting exactly what
/// <see cref="ContractsJson"/> accepts (a test holds the two to that on random and mutated input): an
/// object with the camelCase properties, any others ignored, the last of a repeated one winning, numbers
/// as numbers, nothing after the object. The series is compared with the record's key rather than copied
/// when they are equal, so a valid bar costs no string.
/// </summary>
internal static class MinuteBarJson
{
    /// <returns>The bar, or null with the parser's reason.</returns>
    public static MinuteBar? Read(ReadOnlySpan<byte> json, string? key, out string? error)
    {
        error = null;
        try
        {
            return Parse(json, key);
        }
        catch (JsonException ex)
        {
            error = ex.Message;
            return null;
        }
        catch (InvalidOperationException ex)
        {
            error = ex.Message;
            return null;
        }
        catch (FormatException ex)
        {
            error = ex.Message;
            return null;
        }
    }

    private static MinuteBar? Parse(ReadOnlySpan<byte> json, string? key)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read())
        {
            throw new JsonException("the value is empty");
        }

        if (reader.TokenType == JsonTokenType.Null)
        {
            End(ref reader);
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"a bar is a JSON object, not {reader.TokenType}");
        }

        string? series = null;
        long timestamp = 0;
        double open = 0, high = 0, low = 0, close = 0, volume = 0;
        int version = 0; // as the serialiser: a bar without schemaVersion is not of a known version
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("series"u8))
            {
                reader.Read();
                series = reader.TokenType switch
                {
                    JsonTokenType.Null => null,
                    JsonTokenType.String when key is not null && reader.ValueTextEquals(key) => key,
                    JsonTokenType.String => reader.GetString(),
                    _ => throw new JsonException($"series is a {reader.TokenType}, not a string"),
                };
            }
            else if (reader.ValueTextEquals("timestamp"u8))
            {
                timestamp = Number(ref reader).GetInt64();
            }
            else if (reader.ValueTextEquals("open"u8))
            {
                open = Number(ref reader).GetDouble();
            }
            else if (reader.ValueTextEquals("high"u8))
            {
                high = Number(ref reader).GetDouble();
            }
            else if (reader.ValueTextEquals("low"u8))
            {
                low = Number(ref reader).GetDouble();
            }
            else if (reader.ValueTextEquals("close"u8))
            {
                close = Number(ref reader).GetDouble();
            }
            else if (reader.ValueTextEquals("volume"u8))
            {
                volume = Number(ref reader).GetDouble();
            }
            else if (reader.ValueTextEquals("schemaVersion"u8))
            {
                version = Number(ref reader).GetInt32();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException("the object does not end");
        }

        End(ref reader);
        return new MinuteBar(series!, timestamp, open, high, low, close, volume) { SchemaVersion = version };
    }

    private static ref Utf8JsonReader Number(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException($"a {reader.TokenType} where a number belongs");
        }

        return ref reader;
    }

    private static void End(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new JsonException("something follows the object");
        }
    }
}
