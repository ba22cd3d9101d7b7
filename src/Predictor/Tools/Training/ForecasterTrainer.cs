using System.Diagnostics;
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

    public TrainingResult Train(FlowDataset data, string series)
    {
        settings.Validate();
        int outputs = settings.Strategy == ForecastStrategy.Direct ? settings.Horizon : 1;
        int validationCount = (int)(data.Flows.Length * settings.Validation);
        double[] trainFlows = data.Flows[..^validationCount];
        FlowScaler scaler = settings.Scaler == AdaptiveFlowScaler.Name ? AdaptiveFlowScaler.Fit(trainFlows) : MinMaxFlowScaler.Fit(trainFlows);
        float[] scaled = data.Scale(scaler);

        var train = Windows.Create(scaled.AsSpan(0, trainFlows.Length), settings.Batch, outputs)
            ?? throw new ArgumentException($"{trainFlows.Length} training flows are too few for {settings.Batch} streams; use a smaller --batch or more data.");
        Windows? validation = Windows.Create(scaled.AsSpan(trainFlows.Length), settings.Batch, outputs);

        var shape = new LstmShape(1, settings.Hidden, settings.Layers, outputs);
        var parameters = LstmParameters.Initialize(shape, HeadActivation.Tanh, settings.Seed);
        using var trainer = new LstmTrainer(parameters, new AdamOptimizer(parameters.Count, settings.LearningRate), settings.Batch, settings.Lags, settings.ClipNorm, settings.Parts);
        float[] hidden = new float[shape.Layers * settings.Batch * shape.HiddenSize], cell = new float[hidden.Length];
        int windowsPerEpoch = (train.Length + settings.Lags - 1) / settings.Lags;
        long started = time.GetTimestamp();
        double trainLoss = double.NaN, validationLoss = double.NaN;
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"train: {series}, {data.Bars} bars, {data.Flows.Length} flows ({trainFlows.Length} train, {validationCount} validation), {settings.Batch} streams of {train.Length} steps, {windowsPerEpoch} windows of {settings.Lags} per epoch, model {shape}"));
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
                $"{(interactive ? "\r" : "")}epoch {epoch}/{settings.Epochs}: train loss {trainLoss:G6}, validation loss {validationLoss:G6}, {time.GetElapsedTime(started).TotalSeconds:F1} s"));
        }

        var metadata = Metadata(data, series, scaler, trainLoss, validationLoss);
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"final: train loss {trainLoss:G6}, validation loss {validationLoss:G6} (MSE on scaled flows)"));
        return new TrainingResult(new LstmCheckpoint(parameters, metadata), trainLoss, validationLoss);
    }

    private float Evaluate(LstmTrainer trainer, Windows data, float[] hidden, float[] cell)
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

    private Dictionary<string, string> Metadata(FlowDataset data, string series, FlowScaler scaler, double trainLoss, double validationLoss)
    {
        string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
        string Int(long value) => value.ToString(CultureInfo.InvariantCulture);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["model_version"] = "1",
            [ForecastModel.StrategyKey] = settings.Strategy == ForecastStrategy.Direct ? "direct" : "recursive",
            [ForecastModel.HorizonKey] = Int(settings.Strategy == ForecastStrategy.Direct ? settings.Horizon : 1),
            ["lags"] = Int(settings.Lags),
            ["series"] = series,
            ["data_from"] = DateTimeOffset.FromUnixTimeSeconds(data.FirstTimestamp).ToString("O", CultureInfo.InvariantCulture),
            ["data_to"] = DateTimeOffset.FromUnixTimeSeconds(data.LastTimestamp).ToString("O", CultureInfo.InvariantCulture),
            ["bars"] = Int(data.Bars),
            ["flows"] = Int(data.Flows.Length),
            ["gap_mode"] = settings.Gaps.ModeName,
            ["gap_limit_minutes"] = Int(settings.Gaps.LimitMinutes),
            ["epochs"] = Int(settings.Epochs),
            ["batch"] = Int(settings.Batch),
            ["learning_rate"] = Text(settings.LearningRate),
            ["clip_norm"] = Text(settings.ClipNorm),
            ["validation_share"] = Text(settings.Validation),
            ["seed"] = Int(settings.Seed),
            ["train_loss"] = Text(trainLoss),
            ["validation_loss"] = Text(validationLoss),
            ["git_commit"] = GitCommit(),
        };
        scaler.WriteMetadata(metadata);
        return metadata;
    }

    /// <summary>The SDK stamps the commit into the informational version ("1.0.0+sha").</summary>
    private static string GitCommit()
    {
        string? version = typeof(ForecasterTrainer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        int plus = version?.IndexOf('+', StringComparison.Ordinal) ?? -1;
        return plus >= 0 ? version![(plus + 1)..] : "unknown";
    }

    /// <summary>Stream-cut inputs (L, B) and targets (L, B, O) of one part of the data.</summary>
    private sealed class Windows
    {
        private readonly float[] _inputs;
        private readonly float[] _targets;
        private readonly int _batch;
        private readonly int _outputs;

        private Windows(float[] inputs, float[] targets, int length, int batch, int outputs)
        {
            _inputs = inputs;
            _targets = targets;
            Length = length;
            _batch = batch;
            _outputs = outputs;
        }

        public int Length { get; }

        /// <summary>Sample i: input s[i], targets s[i + 1 .. i + O]; null if there are fewer samples than streams.</summary>
        public static Windows? Create(ReadOnlySpan<float> scaled, int batch, int outputs)
        {
            int samples = scaled.Length - outputs;
            int length = samples / batch;
            if (length < 1)
            {
                return null;
            }

            float[] inputs = FlowDataset.Streams(scaled, batch, length);
            float[] targets = new float[length * batch * outputs];
            for (int b = 0; b < batch; b++)
            {
                for (int t = 0; t < length; t++)
                {
                    int sample = (b * length) + t;
                    for (int o = 0; o < outputs; o++)
                    {
                        targets[(((t * batch) + b) * outputs) + o] = scaled[sample + 1 + o];
                    }
                }
            }

            Debug.Assert(inputs.Length == length * batch, "streams cover the samples");
            return new Windows(inputs, targets, length, batch, outputs);
        }

        public ReadOnlySpan<float> Inputs(int start, int steps) => _inputs.AsSpan(start * _batch, steps * _batch);

        public ReadOnlySpan<float> Targets(int start, int steps) => _targets.AsSpan(start * _batch * _outputs, steps * _batch * _outputs);
    }
}
