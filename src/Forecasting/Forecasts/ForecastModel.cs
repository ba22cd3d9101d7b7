using System.Globalization;
using StreamForecast.Engine.Checkpoints;
using StreamForecast.Forecasting.Preprocessing;

namespace StreamForecast.Forecasting.Forecasts;

/// <summary>
/// A checkpoint made by <c>train</c>: the LSTM plus what turns it into a forecaster (scaler, strategy,
/// horizon), read from its metadata. Anything missing or inconsistent fails at load with the reason.
/// </summary>
internal sealed class ForecastModel
{
    public const string StrategyKey = "strategy";
    public const string HorizonKey = "horizon";
    public const string GlobalKey = "global";
    public const string PriceMinKey = "price_min";
    public const string PriceMaxKey = "price_max";

    /// <summary>A close below the training minimum over this, or above the maximum times this, is far outside the model's range.</summary>
    public const double RangeFactor = 2;

    private ForecastModel(string id, LstmCheckpoint checkpoint, FlowScaler scaler, ForecastStrategy strategy, int trainedHorizon)
    {
        Id = id;
        Checkpoint = checkpoint;
        Scaler = scaler;
        Strategy = strategy;
        TrainedHorizon = trainedHorizon;
        TrainingPrices = !IsGlobal && Number(PriceMinKey) is { } min && Number(PriceMaxKey) is { } max ? (min, max) : null;
    }

    /// <summary>The file name without extension.</summary>
    public string Id { get; }

    /// <summary><c>model_version</c> from the metadata, else "1".</summary>
    public string Version => Checkpoint.Metadata.GetValueOrDefault("model_version", "1");

    public LstmCheckpoint Checkpoint { get; }

    public FlowScaler Scaler { get; }

    public ForecastStrategy Strategy { get; }

    /// <summary>K of a direct model's head; 1 for a recursive model.</summary>
    public int TrainedHorizon { get; }

    /// <summary>Trained on several series, each scaled by its own adaptive scale: fit for any series.</summary>
    public bool IsGlobal => Scaler is AdaptiveFlowScaler { PerSeries: true };

    /// <summary>The closes a per-series model was trained on (from its metadata); null for a global model or one trained before they were recorded.</summary>
    public (double Min, double Max)? TrainingPrices { get; }

    /// <summary>Whether <paramref name="close"/> lies far outside the closes this per-series model was trained on (see <see cref="RangeFactor"/>).</summary>
    public bool FarOutsideTraining(double close) =>
        TrainingPrices is (var min, var max) && (close < min / RangeFactor || close > max * RangeFactor);

    public static ForecastModel Load(string path)
    {
        LstmCheckpoint checkpoint = LstmCheckpoint.Load(path);
        return FromCheckpoint(Path.GetFileNameWithoutExtension(path), checkpoint, path);
    }

    public static ForecastModel FromCheckpoint(string id, LstmCheckpoint checkpoint, string source)
    {
        IReadOnlyDictionary<string, string> metadata = checkpoint.Metadata;
        if (checkpoint.Shape.InputSize != 1)
        {
            throw new InvalidDataException($"{source}: a forecaster takes one input (the scaled flow); this model takes {checkpoint.Shape.InputSize}.");
        }

        ForecastStrategy strategy = metadata.GetValueOrDefault(StrategyKey, "recursive") switch
        {
            "recursive" => ForecastStrategy.Recursive,
            "direct" => ForecastStrategy.Direct,
            string other => throw new InvalidDataException($"{source}: metadata {StrategyKey} '{other}' is not recursive or direct."),
        };
        int horizon = 1;
        if (metadata.TryGetValue(HorizonKey, out string? text) && !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out horizon))
        {
            throw new InvalidDataException($"{source}: metadata {HorizonKey} '{text}' is not an integer.");
        }

        int expectedOutputs = strategy == ForecastStrategy.Direct ? horizon : 1;
        if (checkpoint.Shape.OutputSize != expectedOutputs)
        {
            throw new InvalidDataException(
                $"{source}: a {StrategyKey}={metadata.GetValueOrDefault(StrategyKey, "recursive")} model with {HorizonKey}={horizon} has {expectedOutputs} outputs; this one has {checkpoint.Shape.OutputSize}.");
        }

        return new ForecastModel(id, checkpoint, FlowScaler.FromMetadata(metadata, source), strategy, strategy == ForecastStrategy.Direct ? horizon : 1);
    }

    /// <summary>
    /// The same network with its scaler refitted to other flows (a model trained on one series applied to
    /// another: scaled flows are comparable across series, raw flows are not).
    /// </summary>
    public ForecastModel WithScalerFittedTo(IReadOnlyList<double> flows) => new(
        Id + "+refit",
        Checkpoint,
        Scaler is AdaptiveFlowScaler adaptive ? AdaptiveFlowScaler.Fit(flows, adaptive.HalfLifeMinutes, adaptive.Multiplier) : MinMaxFlowScaler.Fit(flows),
        Strategy,
        TrainedHorizon);

    private double? Number(string key) =>
        Checkpoint.Metadata.TryGetValue(key, out string? text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : null;

    /// <summary>Checks that the model can forecast <paramref name="horizon"/> steps.</summary>
    public void RequireHorizon(int horizon)
    {
        if (horizon < 1)
        {
            throw new ArgumentException($"--horizon {horizon}: the horizon K is the number of minutes ahead to forecast, at least 1.");
        }

        if (Strategy == ForecastStrategy.Direct && horizon > TrainedHorizon)
        {
            throw new ArgumentException($"model {Id} is direct with horizon {TrainedHorizon}; it cannot forecast {horizon} steps.");
        }
    }
}
