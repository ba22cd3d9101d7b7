using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Preprocessing;

namespace StreamForecast.Predictor.Tools.Training;

/// <summary>Everything <c>train</c> takes besides the data; defaults are the textbook's.</summary>
internal sealed record TrainingSettings
{
    /// <summary>BPTT window T: steps per optimizer update.</summary>
    public int Lags { get; init; } = 10;

    public int Layers { get; init; } = 2;

    public int Hidden { get; init; } = 100;

    public int Epochs { get; init; } = 10;

    /// <summary>B: the series is cut into this many contiguous streams trained side by side; null: chosen from the data (<see cref="TrainingPlan.Batch"/>).</summary>
    public int? Batch { get; init; }

    public double LearningRate { get; init; } = 1e-3;

    public double ClipNorm { get; init; } = 1.0;

    public int Seed { get; init; } = 42;

    public int Horizon { get; init; } = 1;

    public ForecastStrategy Strategy { get; init; } = ForecastStrategy.Recursive;

    /// <summary>minmax (textbook) or adaptive.</summary>
    public string Scaler { get; init; } = MinMaxFlowScaler.Name;

    /// <summary>Whether <see cref="Scaler"/> was asked for (a global model refuses an explicit minmax).</summary>
    public bool ScalerGiven { get; init; }

    /// <summary>Chronological share of the flows held out for validation.</summary>
    public double Validation { get; init; } = 0.1;

    public GapPolicy Gaps { get; init; } = GapPolicy.Default;

    /// <summary>Gradient partitions (fixes the rounding independently of the core count).</summary>
    public int Parts { get; init; } = 2;

    /// <summary>Fine-tuning: start from this model's weights (its shape, strategy and horizon) instead of a random initialisation.</summary>
    public ForecastModel? StartFrom { get; init; }

    /// <summary>Fine-tuning: fit the scaler to the new flows (<c>--refit-scaler</c>) instead of keeping the model's.</summary>
    public bool RefitScaler { get; init; }

    public void Validate()
    {
        if (Lags < 1 || Layers < 1 || Hidden < 1 || Epochs < 1 || Batch < 1 || Horizon < 1)
        {
            throw new ArgumentException("lags, layers, hidden, epochs, batch and horizon must all be at least 1.");
        }

        if (!(LearningRate > 0) || !(Validation >= 0 && Validation < 0.9))
        {
            throw new ArgumentException("learning rate must be positive and validation in [0, 0.9).");
        }

        if (Scaler is not (MinMaxFlowScaler.Name or AdaptiveFlowScaler.Name))
        {
            throw new ArgumentException($"scaler '{Scaler}' is not {MinMaxFlowScaler.Name} or {AdaptiveFlowScaler.Name}.");
        }
    }
}
