using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using StreamForecast.Messaging;
using StreamForecast.Predictor.Service;
using StreamForecast.Predictor.Service.Telemetry;
using StreamForecast.ServiceDefaults.Configuration;
using StreamForecast.ServiceDefaults.Health;
using StreamForecast.ServiceDefaults.Hosting;
using StreamForecast.ServiceDefaults.Logging;
using StreamForecast.ServiceDefaults.Telemetry;

namespace StreamForecast.Predictor.Tools.Cli;

/// <summary>
/// <c>serve [--model FILE] [--model-for SERIES=FILE …] [--horizon K] [--brokers …]</c>: the Kafka service
/// (without --model: the shipped BTC-USD model, and the EUR/USD one for EUR/USD).
/// Every flag has an environment twin (<see cref="PredictorOptions"/>, <c>Kafka__*</c>, <c>Health__Urls</c>, <c>OTEL_*</c>).
/// </summary>
internal static class ServeCommand
{
    public const string ServiceName = "stream-predictor";

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Default checkpoint for every series (Predictor__Model; default: the shipped models/btcusd-lstm-2x100, with models/eurusd-lstm-2x100 for EUR/USD)." };
        var modelFor = new Option<string[]>("--model-for") { Description = "SERIES=FILE: another checkpoint for one series (repeatable; Predictor__ModelFor__SERIES=FILE)." };
        var horizon = new Option<int>("--horizon") { Description = "K: forecast 1..K minutes ahead (default 10)." };
        var batch = new Option<int>("--batch") { Description = "Bars per micro-batch at most (default 1024)." };
        var linger = new Option<int>("--linger-ms") { Description = "How long a micro-batch waits for more bars once none are buffered (default 0)." };
        var group = new Option<string>("--group") { Description = "Consumer group (default stream-predictor)." };
        var gap = new Option<string>("--gap") { Description = "zero-fill (default), reset or continue." };
        var gapLimit = new Option<int>("--gap-limit") { Description = "Minutes up to which a gap is filled (default 30)." };
        var maxSeries = new Option<int>("--max-series") { Description = "Series this instance holds at most; beyond, a restore keeps the most recently active and new series' bars are dead-lettered series-limit (Predictor__MaxSeries; default 0: what the memory budget holds)." };
        var health = new Option<string>("--health-urls") { Description = "Serve /healthz/live and /healthz/ready here, e.g. http://0.0.0.0:8080 (Health__Urls; default off)." };
        var metrics = new Option<string>("--metrics-urls") { Description = "Serve Prometheus text at /metrics here, e.g. http://0.0.0.0:9464 (Telemetry__MetricsUrls; default off: OTLP is the default path)." };
        var kafka = new KafkaOptions();
        var command = new Command("serve", "Consumes bars, keeps every series' LSTM state, publishes predictions and scores.")
        {
            model, modelFor, horizon, batch, linger, group, gap, gapLimit, maxSeries, health, metrics,
        };
        kafka.AddTo(command);
        command.SetAction((result, cancellation) => Task.FromResult(CommandErrors.Run(() =>
        {
            IConfiguration configuration = CommandLineConfiguration.Build(result,
            [
                new(model, "Predictor:Model"), new(modelFor, "Predictor:ModelFor", Pairs: true), new(horizon, "Predictor:Horizon"), new(batch, "Predictor:MaxBatch"),
                new(linger, "Predictor:Linger", Milliseconds), new(group, "Predictor:Group"), new(gap, "Predictor:Gap"), new(gapLimit, "Predictor:GapLimit"),
                new(maxSeries, "Predictor:MaxSeries"), new(health, "Health:Urls"), new(metrics, "Telemetry:MetricsUrls"),
            ]);
            Serve(OptionsBinding.Bind(configuration, PredictorOptions.SectionName, new PredictorOptionsValidator()),
                OptionsBinding.Bind(configuration, HealthOptions.SectionName, new HealthOptionsValidator()),
                OptionsBinding.Bind(configuration, TelemetryOptions.SectionName, new TelemetryOptionsValidator()),
                kafka.Client(result, configuration), configuration, cancellation);
        })));
        return command;
    }

    private static void Serve(
        PredictorOptions options, HealthOptions healthOptions, TelemetryOptions telemetryOptions, Confluent.Kafka.ClientConfig client, IConfiguration configuration, CancellationToken cancellation)
    {
        KafkaNative.EnsureLoaded();
        using var signals = new ShutdownSignals(cancellation);
        using ILoggerFactory logs = ServiceLogging.Create(ServiceName, configuration);
        using OpenTelemetryExport export = OpenTelemetryExport.Start(ServiceName, PredictorTelemetry.Name, telemetryOptions);
        var health = new ServiceHealth(TimeProvider.System, healthOptions.Stall);
        using HealthEndpoint endpoint = HealthEndpoint.Start(healthOptions, health, logs);

        ServedModels models = ServedModels.Load(options);
        var settings = new ServeSettings(client, options);
        ILogger log = logs.CreateLogger(ServiceName);
        string overrides = models.Overrides.Count == 0 ? "none" : string.Join(", ", models.Overrides.Select(pair => $"{pair.Key}={pair.Value.Id}"));
        string name = string.IsNullOrEmpty(options.Model) ? $"{models.Default.Id} (no --model: the shipped models)" : models.Default.Id;
        Log.Serving(log, KafkaNative.Version, client.BootstrapServers, options.Group, name, models.Default.Checkpoint.Shape.ToString(), overrides, settings.Forecast.Horizon);
        if (BrokerProbe.Unreachable(client.BootstrapServers, BrokerProbe.DefaultTimeout) is { } problem)
        {
            Log.NoBroker(log, problem);
        }

        using var host = PredictorHost.Start(settings, models, logs, TimeProvider.System, health, healthOptions, signals.Token);
        while (!host.Join(TimeSpan.FromSeconds(10)))
        {
            Log.Status(log, host.Service.Counters.ToString());
        }

        Log.Stopped(log, host.Service.Counters.ToString());
        if (host.Service.StopReason is { } reason)
        {
            throw new InvalidDataException($"the service stopped on a fatal error: {reason}");
        }
    }

    private static string Milliseconds(string value) =>
        TimeSpan.FromMilliseconds(int.Parse(value, CultureInfo.InvariantCulture)).ToString("c", CultureInfo.InvariantCulture);
}
