using System.Globalization;
using System.Reflection;
using StreamForecast.Engine;
using StreamForecast.Engine.Checkpoints;
using StreamForecast.Engine.Training;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Preprocessing;

namespace StreamForecast.Predictor.Tools.Training;

/// <summary>
/// Makes a forecaster (a checkpoint <c>serve</c> and <c>backtest</c> load) from one series' bars: fits the
/// scaler on the training flows, cuts them into B contiguous streams, and drives the engine's
/// <see cref="LstmTrainer"/> (one BPTT window and Adam step per call) over windows of T steps for each
/// epoch (state zeroed at each epoch's start and carried between its windows). The last share of the
/// flows is held out and evaluated the same way; scaler, strategy and provenance go into the metadata.
/// Deterministic for a seed.
/// </summary>
internal sealed class ForecasterTrainer(TrainingSettings settings, TimeProvider time, TextWriter progress, bool interactive)
{
    private long _lastReport;

    public TrainingResult Train(FlowDataset data, string series) => Train(TrainingSet.One(series, data));

    public TrainingResult Train(TrainingSet data)
    {
        settings.Validate();
        ForecastModel? from = settings.StartFrom;
        int outputs = from?.Checkpoint.Shape.OutputSize ?? (settings.Strategy == ForecastStrategy.Direct ? settings.Horizon : 1);
        TrainingPlan.RequireEnoughBars(data, settings, outputs);
        double[] trainFlows = data.TrainingFlows(settings.Validation);
        FlowScaler scaler = from is not null && !settings.RefitScaler ? from.Scaler : TrainingPlan.Scaler(data, settings, trainFlows);
        var (trainScaled, validationScaled) = Scale(data, scaler);
        int batch = TrainingPlan.Batch(settings, trainScaled.Length - outputs);

        var train = TrainingWindows.Create(trainScaled, batch, outputs)
            ?? throw new ArgumentException($"{trainFlows.Length} training flows are too few for {batch} streams; use a smaller --batch or more data.");
        TrainingPlan.RequireStreamsAsLongAsTheLags(train.Length, batch, trainScaled.Length - outputs, settings);
        TrainingWindows? validation = TrainingWindows.Create(validationScaled, batch, outputs);
        if (validation is null && settings.Validation > 0)
        {
            progress.WriteLine($"warning: the validation split ({validationScaled.Length} flows) is too short for {batch} streams: no validation loss is computed (more data, a larger --validation, or --validation 0 to say so)");
        }

        LstmShape shape = from?.Checkpoint.Shape ?? new LstmShape(1, settings.Hidden, settings.Layers, outputs);
        LstmParameters parameters = from is null ? LstmParameters.Initialize(shape, HeadActivation.Tanh, settings.Seed) : Copy(from.Checkpoint.Parameters);
        using var trainer = new LstmTrainer(parameters, new AdamOptimizer(parameters.Count, settings.LearningRate), batch, settings.Lags, settings.ClipNorm, settings.Parts);
        float[] hidden = new float[shape.Layers * batch * shape.HiddenSize], cell = new float[hidden.Length];
        int windowsPerEpoch = (train.Length + settings.Lags - 1) / settings.Lags;
        long started = time.GetTimestamp();
        double trainLoss = double.NaN, validationLoss = double.NaN;
        string what = (data.Pooled && from is null ? $"{data.Series.Count} series pooled (a global model, each series scaled by its own adaptive scale)" : data.Names)
            + (from is null ? "" : $", fine-tuning {from.Id}{(settings.RefitScaler ? " (scaler refitted)" : " (its scaler kept)")}");
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"train: {what}, {data.Bars} bars, {data.Flows} flows ({trainFlows.Length} train, {validationScaled.Length} validation), {batch} streams of {train.Length} steps, {windowsPerEpoch} windows of {settings.Lags} per epoch, model {shape}"));
        for (int epoch = 1; epoch <= settings.Epochs; epoch++)
        {
            Array.Clear(hidden);
            Array.Clear(cell);
            double sum = 0;
            for (int w = 0; w < windowsPerEpoch; w++)
            {
                int start = w * settings.Lags, steps = Math.Min(settings.Lags, train.Length - start);
                sum += steps * trainer.TrainStep(steps, train.Inputs(start, steps), train.Targets(start, steps), hidden, cell);
                Report(epoch, w + 1, windowsPerEpoch, sum / (start + steps), started);
            }

            trainLoss = sum / train.Length;
            validationLoss = validation is null ? double.NaN : Evaluate(trainer, validation, hidden, cell);
            // Every epoch keeps its line; on a terminal it replaces the progress line it ends.
            progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(interactive ? "\r" : "")}epoch {epoch}/{settings.Epochs}: train loss {trainLoss:G6}, validation loss {Loss(validationLoss)}, {time.GetElapsedTime(started).TotalSeconds:F1} s"));
        }

        var metadata = Metadata(data, batch, scaler, trainLoss, validationLoss);
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"final: train loss {trainLoss:G6}, validation loss {Loss(validationLoss)} (MSE on scaled flows)"));
        return new TrainingResult(new LstmCheckpoint(parameters, metadata), trainLoss, validationLoss);
    }

    private static LstmParameters Copy(LstmParameters source)
    {
        var copy = new LstmParameters(source.Shape, source.Activation);
        source.Values.CopyTo(copy.Values, 0);
        return copy;
    }

    private static string Loss(double value) => double.IsNaN(value) ? "none" : value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>Each series scaled as the online path would, split into its training and held-out parts, concatenated.</summary>
    private (float[] Train, float[] Validation) Scale(TrainingSet data, FlowScaler scaler)
    {
        var train = new List<float>();
        var validation = new List<float>();
        for (int i = 0; i < data.Series.Count; i++)
        {
            float[] scaled = data.Series[i].Data.Scale(scaler);
            int held = data.ValidationCount(i, settings.Validation);
            train.AddRange(scaled.AsSpan(0, scaled.Length - held));
            validation.AddRange(scaled.AsSpan(scaled.Length - held));
        }

        return ([.. train], [.. validation]);
    }

    private float Evaluate(LstmTrainer trainer, TrainingWindows data, float[] hidden, float[] cell)
    {
        Array.Clear(hidden);
        Array.Clear(cell);
        double sum = 0;
        for (int start = 0; start < data.Length; start += settings.Lags)
        {
            int steps = Math.Min(settings.Lags, data.Length - start);
            sum += steps * trainer.Evaluate(steps, data.Inputs(start, steps), data.Targets(start, steps), hidden, cell);
        }

        return (float)(sum / data.Length);
    }

    private void Report(int epoch, int window, int windows, double loss, long started)
    {
        if (!interactive || (time.GetElapsedTime(_lastReport).TotalMilliseconds < 200 && window < windows))
        {
            return;
        }

        _lastReport = time.GetTimestamp();
        double done = ((epoch - 1) + ((double)window / windows)) / settings.Epochs;
        TimeSpan elapsed = time.GetElapsedTime(started);
        TimeSpan eta = done > 0 ? TimeSpan.FromSeconds(elapsed.TotalSeconds * (1 - done) / done) : TimeSpan.Zero;
        progress.Write(string.Create(CultureInfo.InvariantCulture,
            $"\repoch {epoch}/{settings.Epochs}  window {window}/{windows}  loss {loss:G5}  ETA {eta:mm\\:ss}   "));
    }

    private Dictionary<string, string> Metadata(TrainingSet data, int batch, FlowScaler scaler, double trainLoss, double validationLoss)
    {
        string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
        string Int(long value) => value.ToString(CultureInfo.InvariantCulture);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["model_version"] = "1",
            [ForecastModel.StrategyKey] = Strategy == ForecastStrategy.Direct ? "direct" : "recursive",
            [ForecastModel.HorizonKey] = Int(Strategy == ForecastStrategy.Direct ? settings.StartFrom?.TrainedHorizon ?? settings.Horizon : 1),
            ["lags"] = Int(settings.Lags),
            ["series"] = data.Names,
            ["data_from"] = DateTimeOffset.FromUnixTimeSeconds(data.FirstTimestamp).ToString("O", CultureInfo.InvariantCulture),
            ["data_to"] = DateTimeOffset.FromUnixTimeSeconds(data.LastTimestamp).ToString("O", CultureInfo.InvariantCulture),
            ["bars"] = Int(data.Bars),
            ["flows"] = Int(data.Flows),
            ["gap_mode"] = settings.Gaps.ModeName,
            ["gap_limit_minutes"] = Int(settings.Gaps.LimitMinutes),
            ["epochs"] = Int(settings.Epochs),
            ["batch"] = Int(batch),
            ["learning_rate"] = Text(settings.LearningRate),
            ["clip_norm"] = Text(settings.ClipNorm),
            ["validation_share"] = Text(settings.Validation),
            ["seed"] = Int(settings.Seed),
            ["train_loss"] = Text(trainLoss),
            ["validation_loss"] = double.IsNaN(validationLoss) ? "none" : Text(validationLoss),
            ["git_commit"] = GitCommit(),
        };
        if (settings.StartFrom is { } from)
        {
            metadata["fine_tuned_from"] = from.Id;
        }

        if (scaler is AdaptiveFlowScaler { PerSeries: true })
        {
            metadata[ForecastModel.GlobalKey] = "true";
        }
        else
        {
            metadata[ForecastModel.PriceMinKey] = Text(data.PriceRange.Min);
            metadata[ForecastModel.PriceMaxKey] = Text(data.PriceRange.Max);
        }

        scaler.WriteMetadata(metadata);
        return metadata;
    }

    private ForecastStrategy Strategy => settings.StartFrom?.Strategy ?? settings.Strategy;

    /// <summary>The SDK stamps the commit into the informational version ("1.0.0+sha").</summary>
    private static string GitCommit()
    {
        string? version = typeof(ForecasterTrainer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        int plus = version?.IndexOf('+', StringComparison.Ordinal) ?? -1;
        return plus >= 0 ? version![(plus + 1)..] : "unknown";
    }
}
