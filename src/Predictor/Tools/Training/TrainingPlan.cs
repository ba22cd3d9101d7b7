using System.Globalization;
using StreamForecast.Forecasting.Preprocessing;

namespace StreamForecast.Predictor.Tools.Training;

/// <summary>
/// What training decides from the data before it starts, and the data it refuses with a sentence that says
/// what to do: too few bars, streams shorter than the BPTT window, constant flows under a min-max scaler.
/// </summary>
internal static class TrainingPlan
{
    /// <summary>Streams at most, and BPTT windows each stream gets at least when <c>--batch</c> is not given.</summary>
    public const int MaxAutoBatch = 100, WindowsPerStream = 20;

    /// <summary>The fewest bars that give one window of training and one held-out sample.</summary>
    public static int MinimumBars(TrainingSettings settings, int outputs) =>
        (int)Math.Ceiling((settings.Lags + outputs) / (1 - settings.Validation)) + 2;

    public static void RequireEnoughBars(TrainingSet data, TrainingSettings settings, int outputs)
    {
        int minimum = MinimumBars(settings, outputs);
        foreach ((string series, FlowDataset flows) in data.Series)
        {
            if (flows.Bars < minimum)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"too few bars for {series} ({flows.Bars}; at least {minimum} for --lags {settings.Lags}{(outputs > 1 ? $", --horizon {outputs}" : "")} and --validation {settings.Validation}): give more data or a wider --from/--to"));
            }
        }
    }

    /// <summary>A global model's per-series adaptive scale, else the asked-for scaler fitted on the training flows.</summary>
    public static FlowScaler Scaler(TrainingSet data, TrainingSettings settings, double[] trainFlows)
    {
        if (data.Pooled)
        {
            if (settings.Scaler == MinMaxFlowScaler.Name && settings.ScalerGiven)
            {
                throw new ArgumentException("a global model (several series) scales each series by its own adaptive scale: leave out --scaler minmax, or train one series per model");
            }

            return AdaptiveFlowScaler.ForAnySeries();
        }

        if (settings.Scaler == AdaptiveFlowScaler.Name)
        {
            return AdaptiveFlowScaler.Fit(trainFlows);
        }

        if (trainFlows.Length > 0 && trainFlows.All(flow => flow == trainFlows[0]))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"the {trainFlows.Length} training flows are all {trainFlows[0]} (the price never moves): a min-max scaler cannot be fitted; use more data or --scaler adaptive"));
        }

        return MinMaxFlowScaler.Fit(trainFlows);
    }

    /// <summary>The asked-for streams, or as many as give each stream <see cref="WindowsPerStream"/> windows (1 to <see cref="MaxAutoBatch"/>).</summary>
    public static int Batch(TrainingSettings settings, int samples) =>
        settings.Batch ?? Math.Clamp(samples / (settings.Lags * WindowsPerStream), 1, MaxAutoBatch);

    /// <summary>Streams shorter than the window give one update an epoch, from windows the state never crosses: refused.</summary>
    public static void RequireStreamsAsLongAsTheLags(int streamLength, int batch, int samples, TrainingSettings settings)
    {
        if (streamLength < settings.Lags)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"--batch {batch} cuts {samples} training samples into streams of {streamLength} steps, shorter than --lags {settings.Lags}: use --batch {Math.Max(1, samples / settings.Lags)} or less, or leave --batch out to have it chosen"));
        }
    }
}
