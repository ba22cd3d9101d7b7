using System.CommandLine;
using System.Globalization;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Store;
using StreamForecast.Predictor.Service;

namespace StreamForecast.Predictor.Tools.Cli;

/// <summary><c>model info FILE</c>: what a checkpoint is — shape, head, scaler, strategy, K, what it was trained on, commit, and what a series costs served by it.</summary>
internal static class ModelInfoCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A checkpoint (.safetensors)." };
        var command = new Command("info", "Describes a checkpoint: shape, scaler, strategy, training range and series, commit.") { file };
        command.SetAction(result => CommandErrors.Run(() => Console.Write(Describe(ForecastModel.Load(result.GetValue(file)!.FullName)))));
        return command;
    }

    public static string Describe(ForecastModel model)
    {
        IReadOnlyDictionary<string, string> metadata = model.Checkpoint.Metadata;
        string Get(string key) => metadata.TryGetValue(key, out string? value) ? value : "-";
        var shape = model.Checkpoint.Shape;
        var scaler = new SortedDictionary<string, string>(StringComparer.Ordinal);
        model.Scaler.WriteMetadata(scaler);
        var lines = new List<string>
        {
            $"model:      {model.Id} (version {model.Version})",
            string.Create(CultureInfo.InvariantCulture, $"shape:      input {shape.InputSize}, {shape.Layers} x {shape.HiddenSize} LSTM, head {shape.OutputSize} ({model.Checkpoint.Parameters.Activation}), {model.Checkpoint.Parameters.Count:N0} parameters"),
            $"strategy:   {model.Strategy.ToString().ToLowerInvariant()}{(model.Strategy == ForecastStrategy.Direct ? $", K = {model.TrainedHorizon} from one step" : ", any K (rolled out step by step)")}",
            $"scaler:     {string.Join(", ", scaler.Select(pair => $"{pair.Key}={pair.Value}"))}",
            $"trained on: {Get("series")}, {Get("data_from")} to {Get("data_to")} ({Get("bars")} bars; gaps {Get("gap_mode")} up to {Get("gap_limit_minutes")} min)",
            $"training:   {Get("epochs")} epochs, batch {Get("batch")}, lags {Get("lags")}, learning rate {Get("learning_rate")}, seed {Get("seed")}; train loss {Get("train_loss")}, validation loss {Get("validation_loss")}",
            $"commit:     {Get("git_commit")}",
            State(model),
        };
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>The bytes a series costs served by this model with the service's defaults, under each interval method.</summary>
    private static string State(ForecastModel model)
    {
        int horizon = model.Strategy == ForecastStrategy.Direct ? model.TrainedHorizon : new PredictorOptions().Horizon;
        RowLayout Layout(string method) => new(RowShape.Of(model, new PredictorOptions { Horizon = horizon, IntervalMethod = method }.Forecast()));
        RowLayout qt = Layout("qt"), aci = Layout("aci");
        return string.Create(CultureInfo.InvariantCulture,
            $"a series:   {qt.BytesWithLstm:N0} bytes at K = {horizon} with the service's defaults (a row of {qt.Bytes:N0} + LSTM (h, c) {qt.BytesWithLstm - qt.Bytes:N0}); {aci.BytesWithLstm:N0} with --interval-method aci");
    }
}
