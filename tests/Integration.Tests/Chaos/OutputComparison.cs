using System.Text.Json;
using Confluent.Kafka;
using StreamForecast.Contracts;

namespace StreamForecast.Integration.Tests.Chaos;

/// <summary>
/// The topics against one uninterrupted run: every record de-duplicated by (key, asOf) must be there,
/// byte for byte, and every duplicate identical.
/// </summary>
internal sealed record OutputComparison(int Expected, int Read, int Missing, int Differing, int Duplicates, int DifferingDuplicates, int Unexpected)
{
    public bool Identical => Missing == 0 && Differing == 0 && DifferingDuplicates == 0 && Unexpected == 0;

    public static OutputComparison Of(
        IReadOnlyDictionary<(string Topic, string Key, long AsOf), byte[]> expected, IEnumerable<(string Topic, Message<string, byte[]> Message)> read)
    {
        var seen = new Dictionary<(string, string, long), byte[]>();
        int total = 0, duplicates = 0, differingDuplicates = 0, differing = 0, unexpected = 0;
        foreach (var (topic, message) in read)
        {
            total++;
            var key = (topic, message.Key, AsOf(topic, message.Value));
            if (seen.TryGetValue(key, out byte[]? first))
            {
                duplicates++;
                differingDuplicates += first.AsSpan().SequenceEqual(message.Value) ? 0 : 1;
                continue;
            }

            seen[key] = message.Value;
            if (!expected.TryGetValue(key, out byte[]? wanted))
            {
                unexpected++;
            }
            else if (!wanted.AsSpan().SequenceEqual(message.Value))
            {
                differing++;
            }
        }

        int missing = expected.Keys.Count(key => !seen.ContainsKey(key));
        return new OutputComparison(expected.Count, total, missing, differing, duplicates, differingDuplicates, unexpected);
    }

    private static long AsOf(string topic, byte[] value) => topic == TopicNames.Predictions
        ? JsonSerializer.Deserialize(value, ContractsJson.Default.Prediction)!.AsOf
        : JsonSerializer.Deserialize(value, ContractsJson.Default.Score)!.Timestamp;
}
