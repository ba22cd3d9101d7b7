using System.CommandLine;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Predictor.Tools.Training;

namespace StreamForecast.Predictor.Tools.Cli;

/// <summary>
/// <c>train --data FILE --series NAME --from DATE --to DATE --out MODEL.safetensors [options]</c>: a per-series
/// model; with several series (repeated <c>--data</c>/<c>--series</c>, or a long file without <c>--series</c>) a
/// global model for any series.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = new DataOptions(pooled: true);
        var output = new Option<FileInfo>("--out") { Description = "Checkpoint to write (.safetensors).", Required = true };
        var lags = new Option<int>("--lags") { Description = "BPTT window (steps per update).", DefaultValueFactory = _ => 10 };
        var layers = new Option<int>("--layers") { Description = "LSTM layers.", DefaultValueFactory = _ => 2 };
        var hidden = new Option<int>("--hidden") { Description = "Units per layer.", DefaultValueFactory = _ => 100 };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training flows.", DefaultValueFactory = _ => 10 };
        var batch = new Option<int?>("--batch") { Description = $"Contiguous streams the flows are cut into (state carried within each); default: as many as give each stream {TrainingPlan.WindowsPerStream} windows of --lags, 1 to {TrainingPlan.MaxAutoBatch}." };
        var rate = new Option<double>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => 1e-3 };
        var seed = new Option<int>("--seed") { Description = "Initialisation seed; training is deterministic for a seed.", DefaultValueFactory = _ => 42 };
        var horizon = new Option<int>("--horizon") { Description = "K: outputs of a direct model (a recursive model forecasts any K).", DefaultValueFactory = _ => 1 };
        var strategy = new Option<string>("--strategy") { Description = "recursive (one-step model rolled forward) or direct (K outputs).", DefaultValueFactory = _ => "recursive" };
        var scaler = new Option<string?>("--scaler") { Description = "minmax (textbook, fitted on the training flows; the default for one series) or adaptive (a global model's, always)." };
        var validation = new Option<double>("--validation") { Description = "Chronological share held out for validation.", DefaultValueFactory = _ => 0.1 };
        var command = new Command("train", "Trains a stateful LSTM forecaster on one series (a per-series model) or several pooled (a global model for any series) and writes a checkpoint.")
        {
            output, lags, layers, hidden, epochs, batch, rate, seed, horizon, strategy, scaler, validation,
        };
        data.AddTo(command);
        command.SetAction(result => CommandErrors.Run(() =>
        {
            var settings = new TrainingSettings
            {
                Lags = result.GetValue(lags),
                Layers = result.GetValue(layers),
                Hidden = result.GetValue(hidden),
                Epochs = result.GetValue(epochs),
                Batch = result.GetValue(batch),
                LearningRate = result.GetValue(rate),
                Seed = result.GetValue(seed),
                Horizon = result.GetValue(horizon),
                Strategy = result.GetValue(strategy) switch
                {
                    "recursive" => ForecastStrategy.Recursive,
                    "direct" => ForecastStrategy.Direct,
                    var other => throw new FormatException($"--strategy '{other}' is not recursive or direct"),
                },
                Scaler = result.GetValue(scaler) ?? "minmax",
                ScalerGiven = result.GetValue(scaler) is not null,
                Validation = result.GetValue(validation),
                Gaps = data.Gaps(result),
            };
            TrainingSet set = TrainingData.Read(data, result, settings.Gaps, Console.Error);
            var trainer = new ForecasterTrainer(settings, TimeProvider.System, Console.Error, interactive: !Console.IsErrorRedirected);
            TrainingResult trained = trainer.Train(set);
            FileInfo file = result.GetValue(output)!;
            file.Directory?.Create();
            trained.Checkpoint.Save(file.FullName);
            Console.Error.WriteLine($"wrote {file.FullName}");
        }));
        return command;
    }
}
