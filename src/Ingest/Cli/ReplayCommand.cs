using System.CommandLine;
using StreamForecast.Contracts;
using StreamForecast.Ingest.Replay;
using StreamForecast.MarketData;
using StreamForecast.Messaging;

namespace StreamForecast.Ingest.Cli;

/// <summary><c>replay --data FILE --series NAME [--data … --series …] [--from D] [--to D] [--speed max|realtime|60x]</c>.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var data = new Option<string[]>("--data") { Description = "Bar files (repeatable or comma-separated), one series each.", Required = true };
        var series = new Option<string[]>("--series") { Description = "The series of each --data, in the same order.", Required = true };
        var from = new Option<string?>("--from") { Description = "First day (yyyy-MM-dd, UTC)." };
        var to = new Option<string?>("--to") { Description = "Last day, inclusive." };
        var speed = new Option<string>("--speed") { Description = "max, realtime, or a multiplier like 60x.", DefaultValueFactory = _ => "max" };
        var topic = new Option<string>("--topic") { Description = "The bars topic.", DefaultValueFactory = _ => TopicNames.Bars };
        var badRows = new Option<string>("--bad-rows") { Description = "stop (default) or skip invalid rows.", DefaultValueFactory = _ => "stop" };
        var deadLetters = new Option<bool>("--dead-letters") { Description = $"With --bad-rows skip: send rejected rows to {TopicNames.DeadLetters} with the reason." };
        var kafka = new KafkaOptions();
        var command = new Command("replay", "Replays historical minute bars into Kafka, keyed by series; resumes where the topic ends.")
        {
            data, series, from, to, speed, topic, badRows, deadLetters,
        };
        kafka.AddTo(command);
        command.SetAction(async (result, cancellation) =>
        {
            try
            {
                string[] files = Split(result.GetValue(data)), names = Split(result.GetValue(series));
                if (files.Length != names.Length)
                {
                    throw new FormatException($"{files.Length} --data files but {names.Length} --series names; give one series per file.");
                }

                KafkaNative.EnsureLoaded();
                var settings = new ReplaySettings(
                    [.. files.Zip(names, (file, name) => new ReplayInput(file, name))],
                    DateRange.Parse(result.GetValue(from), result.GetValue(to)),
                    ReplaySpeed.Parse(result.GetValue(speed)!),
                    kafka.Client(result),
                    result.GetValue(topic)!,
                    TopicNames.DeadLetters,
                    result.GetValue(badRows) == "skip" ? BadRowPolicy.Skip : BadRowPolicy.Stop,
                    result.GetValue(deadLetters));
                Console.Error.WriteLine($"replay: librdkafka {KafkaNative.Version}, brokers {settings.Client.BootstrapServers}, topic {settings.Topic}, speed {settings.Speed}");
                var replayer = new Replayer(TimeProvider.System);
                ReplaySummary summary = Console.IsErrorRedirected
                    ? await replayer.RunAsync(settings, new LogProgress(Console.Error, TimeProvider.System), cancellation).ConfigureAwait(false)
                    : await TerminalProgress.RunAsync(progress => replayer.RunAsync(settings, progress, cancellation), TimeProvider.System).ConfigureAwait(false);
                Console.Error.WriteLine(summary);
                return summary.Failed > 0 ? 1 : 0;
            }
            catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException or InvalidOperationException or Confluent.Kafka.KafkaException)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return 2;
            }
        });
        return command;
    }

    private static string[] Split(string[]? values) =>
        [.. (values ?? []).SelectMany(value => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
