namespace StreamForecast.Predictor.Model;

/// <summary>
/// Adam with PyTorch's defaults and update rule (<c>torch.optim.Adam</c>, no weight decay, no AMSGrad):
/// <c>p -= lr / (1 - β1ᵗ) · m / (√v / √(1 - β2ᵗ) + ε)</c>.
/// </summary>
internal sealed class AdamOptimizer
{
    private readonly float[] _firstMoment;
    private readonly float[] _secondMoment;

    public AdamOptimizer(int count, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(learningRate);
        if (beta1 is < 0 or >= 1 || beta2 is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(beta1), "Betas must lie in [0, 1).");
        }

        _firstMoment = new float[count];
        _secondMoment = new float[count];
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    public double LearningRate { get; set; }

    public double Beta1 { get; }

    public double Beta2 { get; }

    public double Epsilon { get; }

    /// <summary>Updates taken so far (PyTorch's <c>state['step']</c>).</summary>
    public int Steps { get; private set; }

    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        if (parameters.Length != _firstMoment.Length || gradients.Length != _firstMoment.Length)
        {
            throw new ArgumentException($"Expected {_firstMoment.Length} parameters and gradients.");
        }

        Steps++;
        float beta1 = (float)Beta1, beta2 = (float)Beta2;
        float oneMinusBeta1 = (float)(1 - Beta1), oneMinusBeta2 = (float)(1 - Beta2);
        float stepSize = (float)(LearningRate / (1 - Math.Pow(Beta1, Steps)));
        float correction2Sqrt = (float)Math.Sqrt(1 - Math.Pow(Beta2, Steps));
        float epsilon = (float)Epsilon;
        float[] m = _firstMoment, v = _secondMoment;
        for (int i = 0; i < parameters.Length; i++)
        {
            float g = gradients[i];
            m[i] = (m[i] * beta1) + (g * oneMinusBeta1);
            v[i] = (v[i] * beta2) + (g * g * oneMinusBeta2);
            float denominator = (MathF.Sqrt(v[i]) / correction2Sqrt) + epsilon;
            parameters[i] -= stepSize * (m[i] / denominator);
        }
    }
}
