using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using StreamForecast.Ingest.Replay;
using StreamForecast.Ingest.Telemetry;
using StreamForecast.MarketData;
using StreamForecast.Messaging;
using StreamForecast.ServiceDefaults.Configuration;
using StreamForecast.ServiceDefaults.Health;
using StreamForecast.ServiceDefaults.Hosting;
using StreamForecast.ServiceDefaults.Logging;
using StreamForecast.ServiceDefaults.Telemetry;

namespace StreamForecast.Ingest.Cli;

/// <summary>
/// <c>replay --data FILE --series NAME [--data … --series …] [--from D] [--to D] [--speed max|realtime|60x]</c>.
/// Every flag has an environment twin (<see cref="IngestOptions"/>, <c>Kafka__*</c>, <c>Health__Urls</c>, <c>OTEL_*</c>).
/// </summary>
internal static class ReplayCommand
{
    public const string ServiceName = "stream-ingest";

    public static Command Create()
    {
        var data = new Option<string[]>("--data") { Description = "Bar files (repeatable or comma-separated), one series each (Ingest__Data)." };
        var series = new Option<string[]>("--series") { Description = "The series of each --data, in the same order; with one file that has a series column, the series to replay (default: all) (Ingest__Series)." };
        var columns = new Option<string?>("--columns") { Description = "time=NAME,close=NAME,…: columns the header's names do not say (Ingest__Columns)." };
        var timeZone = new Option<string?>("--tz") { Description = "Zone of date-times without an offset (default UTC), e.g. America/New_York (Ingest__TimeZone)." };
        var from = new Option<string?>("--from") { Description = "First day (yyyy-MM-dd, UTC) or an ISO date-time." };
        var to = new Option<string?>("--to") { Description = "Last day, inclusive." };
        var speed = new Option<string>("--speed") { Description = "max (default), realtime, or a multiplier like 60x." };
        var topic = new Option<string>("--topic") { Description = "The bars topic (default bars.1m)." };
        var badRows = new Option<string>("--bad-rows") { Description = "stop (default) or skip invalid rows." };
        var deadLetters = new Option<bool>("--dead-letters") { Description = "With --bad-rows skip: send rejected rows to the dead-letter topic with the reason." };
        var health = new Option<string>("--health-urls") { Description = "Serve /healthz/live and /healthz/ready here (Health__Urls; default off)." };
        var metrics = new Option<string>("--metrics-urls") { Description = "Serve Prometheus text at /metrics here, e.g. http://0.0.0.0:9465 (Telemetry__MetricsUrls; default off)." };
        var kafka = new KafkaOptions();
        var command = new Command("replay", "Replays historical minute bars into Kafka, keyed by series; resumes where the topic ends.")
        {
            data, series, columns, timeZone, from, to, speed, topic, badRows, deadLetters, health, metrics,
        };
        kafka.AddTo(command);
        command.SetAction(async (result, cancellation) =>
        {
            try
            {
                IConfiguration configuration = CommandLineConfiguration.Build(result,
                [
                    new(data, "Ingest:Data"), new(series, "Ingest:Series"), new(columns, "Ingest:Columns"), new(timeZone, "Ingest:TimeZone"), new(from, "Ingest:From"), new(to, "Ingest:To"), new(speed, "Ingest:Speed"),
                    new(topic, "Ingest:Topic"), new(badRows, "Ingest:BadRows"), new(deadLetters, "Ingest:DeadLetters"), new(health, "Health:Urls"),
                    new(metrics, "Telemetry:MetricsUrls"),
                ]);
                IngestOptions options = OptionsBinding.Bind(configuration, IngestOptions.SectionName, new IngestOptionsValidator());
                HealthOptions healthOptions = OptionsBinding.Bind(configuration, HealthOptions.SectionName, new HealthOptionsValidator());
                TelemetryOptions telemetryOptions = OptionsBinding.Bind(configuration, TelemetryOptions.SectionName, new TelemetryOptionsValidator());
                string[] files = Split(options.Data), names = Split(options.Series);
                IReadOnlyList<ReplayInput> inputs = ReplayInput.From(files, names, NullIfEmpty(options.Columns), NullIfEmpty(options.TimeZone));

                KafkaNative.EnsureLoaded();
                var settings = new ReplaySettings(
                    inputs,
                    DateRange.Parse(NullIfEmpty(options.From), NullIfEmpty(options.To)),
                    ReplaySpeed.Parse(options.Speed),
                    kafka.ReachableClient(result, configuration),
                    options.Topic,
                    options.DeadLetterTopic,
                    options.BadRows == "skip" ? BadRowPolicy.Skip : BadRowPolicy.Stop,
                    options.DeadLetters);
                using var signals = new ShutdownSignals(cancellation);
                using ILoggerFactory logs = ServiceLogging.Create(ServiceName, configuration);
                using OpenTelemetryExport export = OpenTelemetryExport.Start(ServiceName, IngestTelemetry.Name, telemetryOptions);
                using var telemetry = new IngestTelemetry();
                var healthState = new ServiceHealth(TimeProvider.System, healthOptions.Stall);
                using HealthEndpoint endpoint = HealthEndpoint.Start(healthOptions, healthState, logs);
                ILogger log = logs.CreateLogger(ServiceName);
                Log.Replaying(log, KafkaNative.Version, settings.Client.BootstrapServers, settings.Topic, settings.Speed.ToString());
                healthState.SetReady();
                var replayer = new Replayer(TimeProvider.System, telemetry);
                IReplayProgress Beating(IReplayProgress inner) => new HealthBeat(inner, healthState);
                ReplaySummary summary = Console.IsErrorRedirected
                    ? await replayer.RunAsync(settings, Beating(new LogProgress(log, TimeProvider.System)), signals.Token).ConfigureAwait(false)
                    : await TerminalProgress.RunAsync(progress => replayer.RunAsync(settings, Beating(progress), signals.Token), TimeProvider.System).ConfigureAwait(false);
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

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static string[] Split(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
