using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Confluent.Kafka;
using StreamForecast.Contracts;

namespace StreamForecast.Predictor.Tools.Watch;

/// <summary>
/// What a watcher read, one line a record: <c>topic, key, asOf, SHA-256 of the value</c> (tab-separated), for
/// <c>predictor verify</c> to compare with an uninterrupted run.
/// </summary>
internal sealed class RecordLog(TextWriter writer)
{
    public void Write(string topic, Message<string, byte[]> message)
    {
        long asOf = AsOf(topic, message.Value);
        writer.Write(string.Create(CultureInfo.InvariantCulture, $"{topic}\t{message.Key}\t{asOf}\t{Convert.ToHexStringLower(SHA256.HashData(message.Value))}\n"));
    }

    /// <summary>A prediction's or metrics record's asOf, or a score's timestamp: the property at the top level, read without parsing the rest.</summary>
    public static long AsOf(string topic, ReadOnlySpan<byte> value)
    {
        ReadOnlySpan<byte> name = topic == TopicNames.Scores ? "timestamp"u8 : "asOf"u8;
        var reader = new Utf8JsonReader(value);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(name) && reader.Read())
            {
                return reader.GetInt64();
            }
        }

        throw new InvalidDataException($"a {topic} record without its minute");
    }

    /// <summary>The lines of a log: (topic, key, asOf, hash).</summary>
    public static IEnumerable<(string Topic, string Key, long AsOf, string Hash)> Read(string path)
    {
        foreach (string line in File.ReadLines(path))
        {
            string[] fields = line.Split('\t');
            if (fields.Length == 4)
            {
                yield return (fields[0], fields[1], long.Parse(fields[2], CultureInfo.InvariantCulture), fields[3]);
            }
        }
    }
}
