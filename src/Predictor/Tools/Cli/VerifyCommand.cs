using System.CommandLine;
using System.Security.Cryptography;
using StreamForecast.MarketData;
using StreamForecast.Predictor.Tools.Backtest;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Rollout;
using StreamForecast.Predictor.Service;
using StreamForecast.Predictor.Tools.Watch;

namespace StreamForecast.Predictor.Tools.Cli;

/// <summary>
/// <c>verify --record FILE --model M [--model-for S=M] --data F --series S [...] [--from D --to D]</c>: the records a
/// watcher saw (<c>watch --record</c>), de-duplicated by (key, asOf), against one uninterrupted run over the same
/// bars, computed here: nothing missing, nothing different, every duplicate identical.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var record = new Option<FileInfo>("--record") { Description = "What 'watch --record' wrote.", Required = true };
        var model = new Option<FileInfo>("--model") { Description = "The service's default checkpoint.", Required = true };
        var modelFor = new Option<string[]>("--model-for") { Description = "SERIES=FILE, as the service had it (repeatable)." };
        var data = new Option<string[]>("--data") { Description = "Bar files, one series each (repeatable).", Required = true };
        var series = new Option<string[]>("--series") { Description = "The series of each --data, in order.", Required = true };
        var from = new Option<string?>("--from") { Description = "First day replayed." };
        var to = new Option<string?>("--to") { Description = "Last day replayed." };
        var horizon = new Option<int>("--horizon") { Description = "K, as the service had it.", DefaultValueFactory = _ => 10 };
        var metricsEvery = new Option<int>("--metrics-every") { Description = "Predictor:MetricsEvery, as the service had it.", DefaultValueFactory = _ => new PredictorOptions().MetricsEvery };
        var scoreModels = new Option<string>("--score-models") { Description = "Predictor:ScoreModels, as the service had it.", DefaultValueFactory = _ => new PredictorOptions().ScoreModels };
        var challenger = new Option<FileInfo?>("--challenger") { Description = "The default route's challenger, as published (its series: those no --model-for names)." };
        var startAt = new Option<string?>("--start-at") { Description = "The challenger's start minute, as published." };
        var promoteAt = new Option<string?>("--promote-at") { Description = "Its promotion minute, as published." };
        var intervals = new IntervalOptions();
        var command = new Command("verify", "Checks recorded outputs against one uninterrupted run, byte for byte (de-duplicated by key and asOf).")
        {
            record, model, modelFor, data, series, from, to, horizon, metricsEvery, scoreModels, challenger, startAt, promoteAt,
        };
        intervals.AddTo(command);
        command.SetAction(result => CommandErrors.Run(() =>
        {
            string[] files = result.GetValue(data)!, names = result.GetValue(series)!;
            if (files.Length != names.Length)
            {
                throw new FormatException($"{files.Length} --data files but {names.Length} --series names");
            }

            var overrides = (result.GetValue(modelFor) ?? []).Select(pair => pair.Split('=', 2)).ToDictionary(pair => pair[0], pair => ForecastModel.Load(pair[1]), StringComparer.Ordinal);
            var models = new ServedModels(ForecastModel.Load(result.GetValue(model)!.FullName), overrides);
            DateRange range = DateRange.Parse(result.GetValue(from), result.GetValue(to));
            var options = new PredictorOptions { Horizon = result.GetValue(horizon), MetricsEvery = result.GetValue(metricsEvery), ScoreModels = result.GetValue(scoreModels)! };
            var serve = new ServeSettings(new Confluent.Kafka.ClientConfig(), intervals.ApplyTo(result, options));
            Dictionary<string, Challenge>? challenges = null;
            if (result.GetValue(challenger) is { } challengerFile)
            {
                var plan = new ChallengerPlan(
                    result.GetValue(startAt) is { } start ? RolloutMinute.Parse(start, "--start-at") : long.MinValue,
                    result.GetValue(promoteAt) is { } promote ? RolloutMinute.Parse(promote, "--promote-at") : null);
                var challenge = new Challenge(ForecastModel.Load(challengerFile.FullName), plan);
                challenges = names.Where(name => !overrides.ContainsKey(name)).ToDictionary(name => name, _ => challenge, StringComparer.Ordinal);
            }

            var expected = ExpectedRecords.For(models, serve, files.Zip(names, (file, name) => (name, new BarReader(file, range: range).Read())), challenges)
                .ToDictionary(pair => pair.Key, pair => Convert.ToHexStringLower(SHA256.HashData(pair.Value)));
            RecordComparison comparison = RecordComparison.Of(expected, RecordLog.Read(result.GetValue(record)!.FullName));
            Console.WriteLine($"verify: {comparison}");
            if (!comparison.Identical)
            {
                throw new InvalidDataException("the outputs are not those of one uninterrupted run");
            }
        }));
        return command;
    }
}
