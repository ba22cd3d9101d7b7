namespace StreamForecast.Engine.Training;

/// <summary><c>torch.nn.utils.clip_grad_norm_</c> with the L2 norm over all parameters.</summary>
internal static class GradientClipping
{
    /// <summary>Scales the gradients so their global L2 norm is at most <paramref name="maxNorm"/>.</summary>
    /// <returns>The norm before clipping.</returns>
    public static double ClipByNorm(Span<float> gradients, double maxNorm)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxNorm);
        double sum = 0;
        foreach (float g in gradients)
        {
            sum += (double)g * g;
        }

        double norm = Math.Sqrt(sum);
        double coefficient = maxNorm / (norm + 1e-6);
        if (coefficient < 1)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(gradients, (float)coefficient, gradients);
        }

        return norm;
    }
}
