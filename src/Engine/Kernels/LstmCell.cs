using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace StreamForecast.Engine.Kernels;

/// <summary>
/// The element-wise part of an LSTM step, shared by the streaming engine and by training, so that
/// inference and the gradients are computed by the same code. Gates are rows of 4H ordered i, f, g, o.
/// Each unit's result depends only on its own inputs and position in the row, never on the other
/// rows of the batch.
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(
        int rows, int hidden, Span<float> gates, ReadOnlySpan<float> cellPrevious,
        Span<float> cell, Span<float> hiddenOut, Span<float> tanhCell)
    {
        int width = 4 * hidden;
        if (gates.Length < rows * width || cellPrevious.Length < rows * hidden || cell.Length < rows * hidden
            || hiddenOut.Length < rows * hidden || tanhCell.Length < rows * hidden)
        {
            throw new ArgumentException($"Buffers too short for {rows} rows of {hidden} hidden units.");
        }

        for (int r = 0; r < rows; r++)
        {
            Span<float> row = gates.Slice(r * width, width);
            Sigmoid(row[..(2 * hidden)]);
            Tanh(row.Slice(2 * hidden, hidden));
            Sigmoid(row.Slice(3 * hidden, hidden));
            ref float i = ref row[0];
            ref float f = ref row[hidden];
            ref float g = ref row[2 * hidden];
            ref float o = ref row[3 * hidden];
            ref float cPrev = ref Unsafe.AsRef(in cellPrevious[r * hidden]);
            ref float c = ref cell[r * hidden];
            ref float t = ref tanhCell[r * hidden];
            ref float h = ref hiddenOut[r * hidden];
            int j = 0;
            for (; j <= hidden - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                nuint at = (nuint)j;
                Vector256<float> vc = Vector256.FusedMultiplyAdd(
                    Vector256.LoadUnsafe(ref f, at), Vector256.LoadUnsafe(ref cPrev, at), Vector256.LoadUnsafe(ref i, at) * Vector256.LoadUnsafe(ref g, at));
                Vector256<float> vt = FastMath.Tanh(vc);
                vc.StoreUnsafe(ref c, at);
                vt.StoreUnsafe(ref t, at);
                (Vector256.LoadUnsafe(ref o, at) * vt).StoreUnsafe(ref h, at);
            }

            for (; j < hidden; j++)
            {
                float sc = MathF.FusedMultiplyAdd(Unsafe.Add(ref f, j), Unsafe.Add(ref cPrev, j), Unsafe.Add(ref i, j) * Unsafe.Add(ref g, j));
                float tc = FastMath.Tanh(sc);
                Unsafe.Add(ref c, j) = sc;
                Unsafe.Add(ref t, j) = tc;
                Unsafe.Add(ref h, j) = Unsafe.Add(ref o, j) * tc;
            }
        }
    }

    /// <summary>In place; the tail past the last full vector is computed by the scalar twin.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Sigmoid(Span<float> values)
    {
        ref float v = ref MemoryMarshal.GetReference(values);
        int j = 0;
        for (; j <= values.Length - Vector256<float>.Count; j += Vector256<float>.Count)
        {
            FastMath.Sigmoid(Vector256.LoadUnsafe(ref v, (nuint)j)).StoreUnsafe(ref v, (nuint)j);
        }

        for (; j < values.Length; j++)
        {
            Unsafe.Add(ref v, j) = FastMath.Sigmoid(Unsafe.Add(ref v, j));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tanh(Span<float> values)
    {
        ref float v = ref MemoryMarshal.GetReference(values);
        int j = 0;
        for (; j <= values.Length - Vector256<float>.Count; j += Vector256<float>.Count)
        {
            FastMath.Tanh(Vector256.LoadUnsafe(ref v, (nuint)j)).StoreUnsafe(ref v, (nuint)j);
        }

        for (; j < values.Length; j++)
        {
            Unsafe.Add(ref v, j) = FastMath.Tanh(Unsafe.Add(ref v, j));
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(
        int rows, int hidden, ReadOnlySpan<float> gates, ReadOnlySpan<float> cellPrevious, ReadOnlySpan<float> tanhCell,
        ReadOnlySpan<float> hiddenGradient, Span<float> cellGradient, Span<float> gateGradient)
    {
        int width = 4 * hidden;
        if (gates.Length < rows * width || gateGradient.Length < rows * width || cellPrevious.Length < rows * hidden
            || tanhCell.Length < rows * hidden || hiddenGradient.Length < rows * hidden || cellGradient.Length < rows * hidden)
        {
            throw new ArgumentException($"Buffers too short for {rows} rows of {hidden} hidden units.");
        }

        Vector256<float> one = Vector256<float>.One;
        for (int r = 0; r < rows; r++)
        {
            ref float i = ref Unsafe.AsRef(in gates[r * width]);
            ref float f = ref Unsafe.Add(ref i, hidden);
            ref float g = ref Unsafe.Add(ref i, 2 * hidden);
            ref float o = ref Unsafe.Add(ref i, 3 * hidden);
            ref float di = ref gateGradient[r * width];
            ref float df = ref Unsafe.Add(ref di, hidden);
            ref float dg = ref Unsafe.Add(ref di, 2 * hidden);
            ref float dO = ref Unsafe.Add(ref di, 3 * hidden);
            ref float cPrev = ref Unsafe.AsRef(in cellPrevious[r * hidden]);
            ref float tc = ref Unsafe.AsRef(in tanhCell[r * hidden]);
            ref float dh = ref Unsafe.AsRef(in hiddenGradient[r * hidden]);
            ref float dc = ref cellGradient[r * hidden];
            int j = 0;
            for (; j <= hidden - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                nuint at = (nuint)j;
                Vector256<float> vi = Vector256.LoadUnsafe(ref i, at), vf = Vector256.LoadUnsafe(ref f, at);
                Vector256<float> vg = Vector256.LoadUnsafe(ref g, at), vo = Vector256.LoadUnsafe(ref o, at);
                Vector256<float> vt = Vector256.LoadUnsafe(ref tc, at), vh = Vector256.LoadUnsafe(ref dh, at);
                Vector256<float> vc = Vector256.LoadUnsafe(ref dc, at) + (vh * vo * (one - (vt * vt)));
                (vc * vg * vi * (one - vi)).StoreUnsafe(ref di, at);
                (vc * Vector256.LoadUnsafe(ref cPrev, at) * vf * (one - vf)).StoreUnsafe(ref df, at);
                (vc * vi * (one - (vg * vg))).StoreUnsafe(ref dg, at);
                (vh * vt * vo * (one - vo)).StoreUnsafe(ref dO, at);
                (vc * vf).StoreUnsafe(ref dc, at);
            }

            for (; j < hidden; j++)
            {
                float si = Unsafe.Add(ref i, j), sf = Unsafe.Add(ref f, j), sg = Unsafe.Add(ref g, j), so = Unsafe.Add(ref o, j);
                float st = Unsafe.Add(ref tc, j), sh = Unsafe.Add(ref dh, j);
                float sc = Unsafe.Add(ref dc, j) + (sh * so * (1f - (st * st)));
                Unsafe.Add(ref di, j) = sc * sg * si * (1f - si);
                Unsafe.Add(ref df, j) = sc * Unsafe.Add(ref cPrev, j) * sf * (1f - sf);
                Unsafe.Add(ref dg, j) = sc * si * (1f - (sg * sg));
                Unsafe.Add(ref dO, j) = sh * st * so * (1f - so);
                Unsafe.Add(ref dc, j) = sc * sf;
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
