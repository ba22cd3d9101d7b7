using System.CommandLine;
using StreamForecast.Contracts;
using StreamForecast.Messaging;
using StreamForecast.Predictor.Baselines;
using StreamForecast.Predictor.Forecasting;
using StreamForecast.Predictor.Preprocessing;
using StreamForecast.Predictor.Service;

namespace StreamForecast.Predictor.Cli;

/// <summary><c>serve --model FILE [--model-for SERIES=FILE …] [--horizon K] [--brokers …]</c>: the Kafka service.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "Default checkpoint for every series.", Required = true };
        var modelFor = new Option<string[]>("--model-for") { Description = "SERIES=FILE: another checkpoint for one series (repeatable)." };
        var horizon = new Option<int>("--horizon") { Description = "K: forecast 1..K minutes ahead.", DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--batch") { Description = "Bars per micro-batch at most.", DefaultValueFactory = _ => 1024 };
        var linger = new Option<int>("--linger-ms") { Description = "How long a micro-batch waits for more bars.", DefaultValueFactory = _ => 20 };
        var group = new Option<string>("--group") { Description = "Consumer group.", DefaultValueFactory = _ => "stream-predictor" };
        var gap = new Option<string>("--gap") { Description = "zero-fill (default), reset or continue.", DefaultValueFactory = _ => "zero-fill" };
        var gapLimit = new Option<int>("--gap-limit") { Description = "Minutes up to which a gap is filled.", DefaultValueFactory = _ => 30 };
        var kafka = new KafkaOptions();
        var command = new Command("serve", "Consumes bars, keeps every series' LSTM state, publishes predictions and scores.")
        {
            model, modelFor, horizon, batch, linger, group, gap, gapLimit,
        };
        kafka.AddTo(command);
        command.SetAction((result, cancellation) => Task.FromResult(CommandErrors.Run(() =>
        {
            KafkaNative.EnsureLoaded();
            var forecast = new ForecastSettings(result.GetValue(horizon), GapPolicy.Parse(result.GetValue(gap)!, result.GetValue(gapLimit)), BaselineSettings.Default);
            ForecastModel defaultModel = ForecastModel.Load(result.GetValue(model)!.FullName);
            var overrides = new Dictionary<string, ForecastModel>(StringComparer.Ordinal);
            foreach (string pair in result.GetValue(modelFor) ?? [])
            {
                string[] parts = pair.Split('=', 2);
                if (parts.Length != 2)
                {
                    throw new FormatException($"--model-for '{pair}' is not SERIES=FILE");
                }

                overrides[parts[0]] = ForecastModel.Load(Path.GetFullPath(parts[1]));
            }

            foreach (ForecastModel each in overrides.Values.Prepend(defaultModel))
            {
                each.RequireHorizon(forecast.Horizon);
            }

            var settings = new ServeSettings(kafka.Client(result), result.GetValue(group)!, TopicNames.Bars, TopicNames.Predictions, TopicNames.Scores, TopicNames.DeadLetters,
                forecast, result.GetValue(batch), TimeSpan.FromMilliseconds(result.GetValue(linger)));
            Console.Error.WriteLine($"serve: librdkafka {KafkaNative.Version}, brokers {settings.Client.BootstrapServers}, group {settings.GroupId}, model {defaultModel.Id} ({defaultModel.Checkpoint.Shape}), {overrides.Count} overrides, K = {forecast.Horizon}");
            using var router = new ModelRouter(defaultModel, overrides, forecast);
            using var service = new PredictorService(settings, router, Console.Error);
            var thread = new Thread(() => service.Run(cancellation)) { Name = "consume-loop" };
            thread.Start();
            while (!thread.Join(TimeSpan.FromSeconds(10)))
            {
                Console.Error.WriteLine($"serve: {service.Counters}");
            }

            Console.Error.WriteLine($"serve: stopped; {service.Counters}");
            if (service.StopReason is { } reason)
            {
                throw new InvalidDataException($"the service stopped on a fatal error: {reason}");
            }
        })));
        return command;
    }
}
