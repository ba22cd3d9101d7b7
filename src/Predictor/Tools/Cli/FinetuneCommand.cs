using System.CommandLine;
using System.Globalization;
using StreamForecast.Forecasting.Baselines;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Preprocessing;
using StreamForecast.Forecasting.Rollout;
using StreamForecast.MarketData;
using StreamForecast.Predictor.Service;
using StreamForecast.Predictor.Service.Models;
using StreamForecast.Predictor.Tools.Rollout;
using StreamForecast.Predictor.Tools.Training;

namespace StreamForecast.Predictor.Tools.Cli;

/// <summary>
/// <c>finetune --route R --minutes N [--epochs E] [--refit-scaler] [--publish]</c>: fine-tunes the route's champion on the
/// last N minutes of its series' bars from the bars topic with the engine's stateful trainer, holding out the last
/// share of them; scores candidate and champion on that held-out part; saves the candidate, and with <c>--publish</c>
/// publishes it as the route's challenger.
/// </summary>
internal static class FinetuneCommand
{
    public static Command Create()
    {
        var route = new Option<string>("--route") { Description = "The route whose champion to fine-tune.", Required = true };
        var minutes = new Option<int>("--minutes") { Description = "How many of the latest minutes of bars to read.", DefaultValueFactory = _ => 1440 };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the new bars.", DefaultValueFactory = _ => 3 };
        var rate = new Option<double>("--learning-rate") { Description = "Adam's step (smaller than training from scratch: the weights are close already).", DefaultValueFactory = _ => 3e-4 };
        var holdout = new Option<double>("--holdout") { Description = "The last share of the window kept out of training, to compare candidate and champion on.", DefaultValueFactory = _ => 0.2 };
        var refit = new Option<bool>("--refit-scaler") { Description = "Fit the scaler to the new flows (default: the champion's scaler is kept, so scaled inputs mean what they meant)." };
        var series = new Option<string[]>("--series") { Description = "The series to read (names or patterns; default: the route's, as the models topic knows them: a service's --model-for routes are not on it)." };
        var model = new Option<FileInfo?>("--model") { Description = "The champion's file, when the route's champion is a service's --model rather than a record." };
        var output = new Option<FileInfo?>("--out") { Description = "Where to write the candidate (default: CHAMPION-ft-YYYYMMDDHHMM.safetensors here)." };
        var publish = new Option<bool>("--publish") { Description = "Publish the candidate as the route's challenger." };
        var startAt = new Option<string>("--start-at") { Description = "With --publish: its first minute (ISO or 'next').", DefaultValueFactory = _ => "next" };
        var options = new RolloutOptions();
        var command = new Command("finetune", "Fine-tunes a route's champion on the latest bars of its series from the bars topic (optionally publishing it as challenger).")
        {
            route, minutes, epochs, rate, holdout, refit, series, model, output, publish, startAt,
        };
        options.AddTo(command);
        command.SetAction(result => CommandErrors.Run(() =>
        {
            string name = result.GetValue(route)!;
            ModelsTopicClient client = options.Client(result);
            Dictionary<string, ModelRecord> records = client.Read();
            ForecastModel champion = result.GetValue(model) is { } file ? ForecastModel.Load(file.FullName)
                : records.GetValueOrDefault(ModelRecord.KeyOf(name, ModelHeader.Champion))?.Load(1)
                ?? throw new ArgumentException($"route {name} has no champion record on {result.GetValue(options.ModelsTopic)}: name the service's model with --model FILE");
            long latest = client.LatestBar(result.GetValue(options.BarsTopic)!) ?? throw new ArgumentException($"no bars on {result.GetValue(options.BarsTopic)}");
            int window = result.GetValue(minutes);
            Dictionary<string, List<Bar>> bars = RecentBars.Read(
                client.Config, result.GetValue(options.BarsTopic)!, latest, window,
                result.GetValue(series) is { Length: > 0 } names ? SeriesAllowList.Of(names).Allows : ModelPromoteCommand.RouteSeries(records, name));
            if (bars.Count == 0)
            {
                throw new ArgumentException($"no bars of route {name}'s series in the {window} minutes to {RolloutMinute.Format(latest)}");
            }

            long heldOutFrom = latest - (long)(window * result.GetValue(holdout)) * 60;
            var training = new TrainingSet([.. bars.Where(pair => pair.Value.Count(bar => bar.Timestamp < heldOutFrom) > 1).Select(pair => (pair.Key, FlowDataset.FromBars(pair.Value.Where(bar => bar.Timestamp < heldOutFrom), GapPolicy.Default)))]);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"finetune: {bars.Sum(pair => pair.Value.Count):N0} bars of {bars.Count} series to {RolloutMinute.Format(latest)}; training before {RolloutMinute.Format(heldOutFrom)}, comparing after"));
            var settings = new TrainingSettings
            {
                StartFrom = champion,
                RefitScaler = result.GetValue(refit),
                Epochs = result.GetValue(epochs),
                LearningRate = result.GetValue(rate),
                Lags = int.TryParse(champion.Checkpoint.Metadata.GetValueOrDefault("lags"), CultureInfo.InvariantCulture, out int lags) ? lags : 10,
                Validation = 0,
            };
            TrainingResult trained = new ForecasterTrainer(settings, TimeProvider.System, Console.Error, !Console.IsErrorRedirected).Train(training);
            string id = $"{champion.Id}-ft-{DateTimeOffset.FromUnixTimeSeconds(latest).ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture)}";
            string path = result.GetValue(output)?.FullName ?? Path.GetFullPath($"{id}.safetensors");
            trained.Checkpoint.Save(path);
            ForecastModel candidate = ForecastModel.Load(path);

            var forecast = new ForecastSettings(1, GapPolicy.Default, BaselineSettings.Default);
            HoldoutComparison.Score before = HoldoutComparison.Of(champion, bars, heldOutFrom, forecast);
            HoldoutComparison.Score after = HoldoutComparison.Of(candidate, bars, heldOutFrom, forecast);
            Console.WriteLine("| model | forecasts (h = 1) | MAE | MASE (vs naive) |\n|---|---:|---:|---:|");
            foreach (HoldoutComparison.Score score in new[] { before, after })
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {score.Model} | {score.Forecasts:N0} | {score.Mae:G6} | {score.Mase:F4} |"));
            }

            Console.WriteLine($"candidate written to {path}");
            if (result.GetValue(publish))
            {
                byte[] bytes = File.ReadAllBytes(path);
                var header = new ModelHeader(ModelHeader.CurrentFormat, name, [], ModelHeader.Challenger, candidate.Id, ModelRecord.Digest(bytes), null, null, RolloutOptions.By(), RolloutOptions.Now());
                ModelPublishCommand.Challenger(options, result, client, records, header, bytes, result.GetValue(startAt)!, null, ModelsTopic.MaxRecordBytes);
            }
        }));
        return command;
    }
}
