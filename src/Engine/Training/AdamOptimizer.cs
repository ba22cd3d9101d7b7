using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace StreamForecast.Engine.Training;

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
        ref float p = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float m = ref MemoryMarshal.GetArrayDataReference(_firstMoment);
        ref float v = ref MemoryMarshal.GetArrayDataReference(_secondMoment);
        int i = 0;
        for (; i <= parameters.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            nuint at = (nuint)i;
            Vector256<float> vg = Vector256.LoadUnsafe(ref g, at);
            Vector256<float> vm = (Vector256.LoadUnsafe(ref m, at) * beta1) + (vg * oneMinusBeta1);
            Vector256<float> vv = (Vector256.LoadUnsafe(ref v, at) * beta2) + (vg * vg * oneMinusBeta2);
            Vector256<float> denominator = (Vector256.Sqrt(vv) / correction2Sqrt) + Vector256.Create(epsilon);
            vm.StoreUnsafe(ref m, at);
            vv.StoreUnsafe(ref v, at);
            (Vector256.LoadUnsafe(ref p, at) - (stepSize * (vm / denominator))).StoreUnsafe(ref p, at);
        }

        for (; i < parameters.Length; i++)
        {
            float gi = Unsafe.Add(ref g, i);
            float mi = Unsafe.Add(ref m, i) = (Unsafe.Add(ref m, i) * beta1) + (gi * oneMinusBeta1);
            float vi = Unsafe.Add(ref v, i) = (Unsafe.Add(ref v, i) * beta2) + (gi * gi * oneMinusBeta2);
            float denominator = (MathF.Sqrt(vi) / correction2Sqrt) + epsilon;
            Unsafe.Add(ref p, i) -= stepSize * (mi / denominator);
        }
    }
}
