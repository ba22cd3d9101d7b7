using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using StreamForecast.Contracts;
using StreamForecast.MarketData;
using StreamForecast.Messaging;
using StreamForecast.Predictor.Service.State;

namespace StreamForecast.Predictor.Tools.Cli;

/// <summary>
/// <c>state list</c> and <c>state show SERIES</c>: what the state topic holds, read directly (no group,
/// nothing committed), for operators.
/// </summary>
internal static class StateCommand
{
    public static Command Create()
    {
        var topic = new Option<string>("--topic") { Description = "The state topic.", DefaultValueFactory = _ => TopicNames.State };
        var kafka = new KafkaOptions();
        var list = new Command("list", "One line per series: partition, last bar, input offset, forecasts scored, size.") { topic };
        kafka.AddTo(list);
        list.SetAction(result => CommandErrors.Run(() =>
        {
            Dictionary<string, byte[]> records = Read(kafka.ReachableClient(result), result.GetValue(topic)!);
            Console.WriteLine("| series | partition | last bar (UTC) | offset | scored (h = 1) | bytes | model fingerprint |");
            Console.WriteLine("|---|---:|---|---:|---:|---:|---|");
            foreach (var (series, value) in records.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                try
                {
                    StateRecordView state = SeriesStateCodec.Read(value);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {series} | {state.Partition} | {DateRange.Format(state.Layout.LastTime.Get(state.Row))} | {state.Offset} | {state.Layout.Realised.Get(state.Row):N0} | {value.Length:N0} | {state.Fingerprint:x16} |"));
                }
                catch (InvalidDataException ex)
                {
                    Console.WriteLine($"| {series} | | unreadable: {ex.Message} | | | {value.Length} | |");
                }
            }

            Console.Error.WriteLine($"state: {records.Count} series");
        }));

        var series = new Argument<string>("series") { Description = "The series, e.g. BTC-USD." };
        var show = new Command("show", "One series' state as JSON: positions, counters, running metrics, hidden-state norms.") { series, topic };
        kafka.AddTo(show);
        show.SetAction(result => CommandErrors.Run(() =>
        {
            string name = result.GetValue(series)!;
            Dictionary<string, byte[]> records = Read(kafka.ReachableClient(result), result.GetValue(topic)!);
            if (!records.TryGetValue(name, out byte[]? value))
            {
                throw new InvalidDataException($"no state of {name} on {result.GetValue(topic)} ({records.Count} series there)");
            }

            StateRecordView state = SeriesStateCodec.Read(value);
            using var json = new Utf8JsonWriter(Console.OpenStandardOutput(), new JsonWriterOptions { Indented = true });
            StateJson.Write(json, name, state, value.Length);
        }));

        return new Command("state", "Read the predictor's durable series state.") { list, show };
    }

    private static Dictionary<string, byte[]> Read(ClientConfig client, string topic)
    {
        List<int> partitions = TopicPartitions.Of(client, topic) is { Count: > 0 } found ? found : throw new InvalidDataException($"no topic {topic}");
        var records = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        StateLoader.Read(client, topic, partitions, TimeSpan.FromSeconds(60), (series, value) =>
        {
            if (value.IsEmpty)
            {
                records.Remove(series);
            }
            else if (!records.TryGetValue(series, out byte[]? held) || !StateRecord.IsOlder(StateRecord.Recency(value), StateRecord.Recency(held)))
            {
                // The newest copy of a series wins, as in a restore, whatever order the partitions are read in.
                records[series] = value.ToArray();
            }
        });
        return records;
    }
}
