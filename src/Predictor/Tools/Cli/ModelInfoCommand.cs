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
        var layout = new Option<bool>("--layout") { Description = "Also print the row a series keeps, field by field, at the service's defaults (the state record's table)." };
        var command = new Command("info", "Describes a checkpoint: shape, scaler, strategy, training range and series, commit, what a series costs.") { file, layout };
        command.SetAction(result => CommandErrors.Run(() =>
        {
            ForecastModel model = ForecastModel.Load(result.GetValue(file)!.FullName);
            Console.Write(Describe(model));
            if (result.GetValue(layout))
            {
                Console.Write(Table(Layout(model, "qt")));
            }
        }));
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
            $"serves:     {Serves(model)}",
            $"training:   {Get("epochs")} epochs, batch {Get("batch")}, lags {Get("lags")}, learning rate {Get("learning_rate")}, seed {Get("seed")}; train loss {Get("train_loss")}, validation loss {Get("validation_loss")}",
            $"commit:     {Get("git_commit")}",
            State(model),
        };
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>Which series the model fits: any (a global model), or those priced like its training series.</summary>
    private static string Serves(ForecastModel model) =>
        model.IsGlobal ? "any series (a global model: each series scaled by its own adaptive scale)"
        : model.TrainingPrices is (var low, var high)
            ? string.Create(CultureInfo.InvariantCulture, $"its training series; closes {low:G6} to {high:G6} (serve warns beyond {low / ForecastModel.RangeFactor:G6} to {high * ForecastModel.RangeFactor:G6})")
            : "its training series (no price range recorded: retrain to have serve check it)";

    /// <summary>A series' row as a Markdown table: field, type, count, offset, bytes, meaning (the state README's table is this).</summary>
    public static string Table(RowLayout layout)
    {
        var table = new System.Text.StringBuilder("| field | type | count | offset | bytes | holds |\n|---|---|---:|---:|---:|---|\n");
        foreach (RowFieldInfo field in layout.Fields.Where(f => f.Count > 0))
        {
            table.Append(CultureInfo.InvariantCulture, $"| `{field.Name}` | {field.Type} | {field.Count} | {field.Offset} | {field.Bytes:N0} | {field.Meaning} |\n");
        }

        return table.Append(CultureInfo.InvariantCulture, $"| (padding to 8) | | | | {layout.Bytes - layout.Fields.Max(f => f.Offset + f.Bytes)} | |\n").ToString();
    }

    /// <summary>The row a series keeps served by this model with the service's defaults (K = the default, or a direct head's).</summary>
    public static RowLayout Layout(ForecastModel model, string method)
    {
        int horizon = model.Strategy == ForecastStrategy.Direct ? model.TrainedHorizon : new PredictorOptions().Horizon;
        return new RowLayout(RowShape.Of(model, new PredictorOptions { Horizon = horizon, IntervalMethod = method }.Forecast()));
    }

    /// <summary>The bytes a series costs served by this model with the service's defaults, under each interval method.</summary>
    private static string State(ForecastModel model)
    {
        RowLayout qt = Layout(model, "qt"), aci = Layout(model, "aci");
        return string.Create(CultureInfo.InvariantCulture,
            $"a series:   {qt.BytesWithLstm:N0} bytes at K = {qt.Shape.Horizon} with the service's defaults (a row of {qt.Bytes:N0} + LSTM (h, c) {qt.BytesWithLstm - qt.Bytes:N0}); {aci.BytesWithLstm:N0} with --interval-method aci");
    }
}
