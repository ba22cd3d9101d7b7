using System.Numerics.Tensors;

namespace StreamForecast.Predictor.Model;

/// <summary>
/// The element-wise part of an LSTM step, shared by the streaming engine and by training, so that
/// inference and the gradients are computed by the same code. Gates are rows of 4H ordered i, f, g, o.
/// </summary>
internal static class LstmCell
{
    /// <summary>
    /// Activates the gates in place and computes <c>c' = f·c + i·g</c>, <c>h' = o·tanh(c')</c>.
    /// </summary>
    /// <param name="rows">Series in the batch.</param>
    /// <param name="hidden">H.</param>
    /// <param name="gates">(rows, 4H): pre-activations in, activations out.</param>
    /// <param name="cellPrevious">(rows, H).</param>
    /// <param name="cell">(rows, H): c'.</param>
    /// <param name="hiddenOut">(rows, H): h'.</param>
    /// <param name="tanhCell">(rows, H): tanh(c'), kept for the backward pass.</param>
    public static void Forward(
        int rows, int hidden, Span<float> gates, ReadOnlySpan<float> cellPrevious,
        Span<float> cell, Span<float> hiddenOut, Span<float> tanhCell)
    {
        int width = 4 * hidden;
        for (int r = 0; r < rows; r++)
        {
            Span<float> row = gates.Slice(r * width, width);
            Span<float> inputForget = row[..(2 * hidden)];
            Span<float> candidate = row.Slice(2 * hidden, hidden);
            Span<float> output = row.Slice(3 * hidden, hidden);
            TensorPrimitives.Sigmoid(inputForget, inputForget);
            TensorPrimitives.Tanh(candidate, candidate);
            TensorPrimitives.Sigmoid(output, output);

            Span<float> c = cell.Slice(r * hidden, hidden);
            Span<float> t = tanhCell.Slice(r * hidden, hidden);
            TensorPrimitives.Multiply(inputForget[..hidden], candidate, c);
            TensorPrimitives.FusedMultiplyAdd(inputForget[hidden..], cellPrevious.Slice(r * hidden, hidden), c, c);
            TensorPrimitives.Tanh(c, t);
            TensorPrimitives.Multiply(output, t, hiddenOut.Slice(r * hidden, hidden));
        }
    }

    /// <summary>
    /// Gradients of the gate pre-activations from the gradients of h' and c'.
    /// </summary>
    /// <param name="rows">Series in the batch.</param>
    /// <param name="hidden">H.</param>
    /// <param name="gates">(rows, 4H) activations from <see cref="Forward"/>.</param>
    /// <param name="cellPrevious">(rows, H).</param>
    /// <param name="tanhCell">(rows, H).</param>
    /// <param name="hiddenGradient">(rows, H): dL/dh' (from above and from the next step).</param>
    /// <param name="cellGradient">(rows, H): dL/dc' from the next step in, dL/dc for the previous step out.</param>
    /// <param name="gateGradient">(rows, 4H): dL/d(pre-activations) out.</param>
    public static void Backward(
        int rows, int hidden, ReadOnlySpan<float> gates, ReadOnlySpan<float> cellPrevious, ReadOnlySpan<float> tanhCell,
        ReadOnlySpan<float> hiddenGradient, Span<float> cellGradient, Span<float> gateGradient)
    {
        int width = 4 * hidden;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> g = gates.Slice(r * width, width);
            Span<float> d = gateGradient.Slice(r * width, width);
            int s = r * hidden;
            for (int j = 0; j < hidden; j++)
            {
                float i = g[j], f = g[hidden + j], c = g[(2 * hidden) + j], o = g[(3 * hidden) + j];
                float tc = tanhCell[s + j];
                float dh = hiddenGradient[s + j];
                float dc = cellGradient[s + j] + (dh * o * (1f - (tc * tc)));
                d[j] = dc * c * i * (1f - i);
                d[hidden + j] = dc * cellPrevious[s + j] * f * (1f - f);
                d[(2 * hidden) + j] = dc * i * (1f - (c * c));
                d[(3 * hidden) + j] = dh * tc * o * (1f - o);
                cellGradient[s + j] = dc * f;
            }
        }
    }

    /// <summary>Applies the head activation to <paramref name="values"/> in place.</summary>
    /// <remarks>
    /// Element by element on purpose: a vectorised tanh rounds its vector lanes and its remainder
    /// differently, which would make a series' output depend on how many series share the batch.
    /// </remarks>
    public static void Activate(HeadActivation activation, Span<float> values)
    {
        if (activation == HeadActivation.Tanh)
        {
            foreach (ref float value in values)
            {
                value = MathF.Tanh(value);
            }
        }
    }

    /// <summary>Turns dL/dy into dL/d(pre-activation) in place, given the activated outputs y.</summary>
    public static void ActivateBackward(HeadActivation activation, ReadOnlySpan<float> outputs, Span<float> gradient)
    {
        if (activation == HeadActivation.Tanh)
        {
            for (int i = 0; i < gradient.Length; i++)
            {
                gradient[i] *= 1f - (outputs[i] * outputs[i]);
            }
        }
    }
}
