using System.Text.Json;
using Confluent.Kafka;
using StreamForecast.Contracts;
using StreamForecast.MarketData;
using StreamForecast.Messaging;
using StreamForecast.Predictor.Service.State;

namespace StreamForecast.Predictor.Tools.Rollout;

/// <summary>
/// The last minutes of some series' bars on the bars topic, each series in time order. Where the broker answers
/// time-based offset lookups (<c>OffsetsForTimes</c>) reading starts at the first record produced in the window (a live
/// feed's records are produced as their minutes end); otherwise (librdkafka's mock broker) at each partition's start.
/// Either way only bars whose minute lies in the window are kept; a record that is not a bar, a close that is not a
/// positive finite number, and a minute at or before its series' last are dropped.
/// </summary>
internal static class RecentBars
{
    /// <param name="client">The Kafka client settings.</param>
    /// <param name="topic">The bars topic.</param>
    /// <param name="latest">The newest bar's minute (unix s): the window ends with it.</param>
    /// <param name="minutes">The window's length.</param>
    /// <param name="wanted">Which series.</param>
    /// <returns>Series → its bars in the window, in time order (a repeated or older minute dropped).</returns>
    public static Dictionary<string, List<Bar>> Read(ClientConfig client, string topic, long latest, int minutes, Func<string, bool> wanted)
    {
        long from = latest - ((minutes - 1) * 60L);
        var bars = new Dictionary<string, List<Bar>>(StringComparer.Ordinal);
        StateLoader.Read(client, topic, TopicPartitions.Of(client, topic), TimeSpan.FromSeconds(60), (key, value) =>
        {
            if (!wanted(key))
            {
                return;
            }

            MinuteBar? bar;
            try
            {
                bar = JsonSerializer.Deserialize(value, ContractsJson.Default.MinuteBar);
            }
            catch (JsonException)
            {
                return;
            }

            if (bar is null || bar.Timestamp < from || bar.Timestamp > latest || !double.IsFinite(bar.Close) || bar.Close <= 0)
            {
                return;
            }

            if (!bars.TryGetValue(key, out List<Bar>? list))
            {
                bars[key] = list = [];
            }

            if (list.Count == 0 || bar.Timestamp > list[^1].Timestamp)
            {
                list.Add(new Bar(bar.Timestamp, bar.Open, bar.High, bar.Low, bar.Close, bar.Volume));
            }
        }, start: (consumer, partitions) => Start(consumer, partitions, latest, minutes));
        return bars;
    }

    /// <summary>Where each partition is read from: the first record produced in the window, where the broker can say; else its start.</summary>
    private static IReadOnlyList<TopicPartitionOffset> Start(IConsumer<string, ArraySegment<byte>> consumer, IReadOnlyList<TopicPartition> partitions, long latest, int minutes)
    {
        // A margin of an hour: a bar is produced after its minute, never before.
        long produced = (latest - (minutes * 60L) - 3600) * 1000;
        try
        {
            return [.. consumer.OffsetsForTimes([.. partitions.Select(p => new TopicPartitionTimestamp(p, new Timestamp(produced, TimestampType.CreateTime)))], TimeSpan.FromSeconds(10))
                .Select(found => found.Offset == Offset.End || found.Offset.Value < 0 ? new TopicPartitionOffset(found.TopicPartition, Offset.Beginning) : found)];
        }
        catch (KafkaException)
        {
            return [.. partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning))];
        }
    }
}
