using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace StreamForecast.Engine.Kernels;

/// <summary>
/// Single-precision exp, sigmoid and tanh for the LSTM cell, as AVX2 vectors and as scalars built
/// from the same operations in the same order. Cephes' expf polynomial and a rational tanh; accuracy
/// against double precision is pinned by FastMathTests.
/// </summary>
internal static class FastMath
{
    // e^-87.3 is just above float's smallest normal, so 2^n below stays a normal number.
    private const float ExpHigh = 88.3f;
    private const float ExpLow = -87.3f;

    // 1.5 · 2^23: adding it rounds to an integer held in the low mantissa bits.
    private const float RoundingMagic = 12582912f;
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2High = 0.693359375f;
    private const float Ln2Low = -2.12194440e-4f;
    private const float TanhTiny = 0.0004f;
    private const float TanhClamp = 7.90531110763549805f;
    private const float Alpha1 = 4.89352455891786e-03f;
    private const float Alpha3 = 6.37261928875436e-04f;
    private const float Alpha5 = 1.48572235717979e-05f;
    private const float Alpha7 = 5.12229709037114e-08f;
    private const float Alpha9 = -8.60467152213735e-11f;
    private const float Alpha11 = 2.00018790482477e-13f;
    private const float Alpha13 = -2.76076847742355e-16f;
    private const float Beta0 = 4.89352518554385e-03f;
    private const float Beta2 = 2.26843463243900e-03f;
    private const float Beta4 = 1.18534705686654e-04f;
    private const float Beta6 = 1.19825839466702e-06f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        x = Vector256.MinNative(Vector256.MaxNative(x, Vector256.Create(ExpLow)), Vector256.Create(ExpHigh));
        Vector256<float> shifted = Vector256.FusedMultiplyAdd(x, Vector256.Create(Log2E), Vector256.Create(RoundingMagic));
        Vector256<float> n = shifted - Vector256.Create(RoundingMagic);
        Vector256<float> r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2High), x);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Low), r);
        Vector256<float> p = Vector256.Create(1.9875691500E-4f);
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.3981999507E-3f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(8.3334519073E-3f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(4.1665795894E-2f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.6666665459E-1f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(5.0000001201E-1f));
        p = Vector256.FusedMultiplyAdd(p, r * r, r) + Vector256<float>.One;
        Vector256<int> exponent = (shifted.AsInt32() << 23) + Vector256.Create(127 << 23);
        return p * exponent.AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Exp(float x)
    {
        x = float.MinNative(float.MaxNative(x, ExpLow), ExpHigh);
        float shifted = MathF.FusedMultiplyAdd(x, Log2E, RoundingMagic);
        float n = shifted - RoundingMagic;
        float r = MathF.FusedMultiplyAdd(n, -Ln2High, x);
        r = MathF.FusedMultiplyAdd(n, -Ln2Low, r);
        float p = 1.9875691500E-4f;
        p = MathF.FusedMultiplyAdd(p, r, 1.3981999507E-3f);
        p = MathF.FusedMultiplyAdd(p, r, 8.3334519073E-3f);
        p = MathF.FusedMultiplyAdd(p, r, 4.1665795894E-2f);
        p = MathF.FusedMultiplyAdd(p, r, 1.6666665459E-1f);
        p = MathF.FusedMultiplyAdd(p, r, 5.0000001201E-1f);
        p = MathF.FusedMultiplyAdd(p, r * r, r) + 1f;
        return p * BitConverter.Int32BitsToSingle((BitConverter.SingleToInt32Bits(shifted) << 23) + (127 << 23));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + Exp(-x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x) => 1f / (1f + Exp(-x));

    /// <summary>
    /// Rational minimax tanh (the form Eigen uses): x·P(x²)/Q(x²) on [-7.9, 7.9], saturated beyond,
    /// and x itself below 4e-4 where tanh(x) = x in float. One division and no exp.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        Vector256<float> tiny = Vector256.LessThan(Vector256.Abs(x), Vector256.Create(TanhTiny));
        Vector256<float> clamped = Vector256.MinNative(Vector256.MaxNative(x, Vector256.Create(-TanhClamp)), Vector256.Create(TanhClamp));
        Vector256<float> z = clamped * clamped;
        Vector256<float> p = Vector256.Create(Alpha13);
        p = Vector256.FusedMultiplyAdd(p, z, Vector256.Create(Alpha11));
        p = Vector256.FusedMultiplyAdd(p, z, Vector256.Create(Alpha9));
        p = Vector256.FusedMultiplyAdd(p, z, Vector256.Create(Alpha7));
        p = Vector256.FusedMultiplyAdd(p, z, Vector256.Create(Alpha5));
        p = Vector256.FusedMultiplyAdd(p, z, Vector256.Create(Alpha3));
        p = Vector256.FusedMultiplyAdd(p, z, Vector256.Create(Alpha1));
        Vector256<float> q = Vector256.Create(Beta6);
        q = Vector256.FusedMultiplyAdd(q, z, Vector256.Create(Beta4));
        q = Vector256.FusedMultiplyAdd(q, z, Vector256.Create(Beta2));
        q = Vector256.FusedMultiplyAdd(q, z, Vector256.Create(Beta0));
        return Vector256.ConditionalSelect(tiny, x, (p * clamped) / q);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x)
    {
        if (MathF.Abs(x) < TanhTiny)
        {
            return x;
        }

        float clamped = float.MinNative(float.MaxNative(x, -TanhClamp), TanhClamp);
        float z = clamped * clamped;
        float p = Alpha13;
        p = MathF.FusedMultiplyAdd(p, z, Alpha11);
        p = MathF.FusedMultiplyAdd(p, z, Alpha9);
        p = MathF.FusedMultiplyAdd(p, z, Alpha7);
        p = MathF.FusedMultiplyAdd(p, z, Alpha5);
        p = MathF.FusedMultiplyAdd(p, z, Alpha3);
        p = MathF.FusedMultiplyAdd(p, z, Alpha1);
        float q = Beta6;
        q = MathF.FusedMultiplyAdd(q, z, Beta4);
        q = MathF.FusedMultiplyAdd(q, z, Beta2);
        q = MathF.FusedMultiplyAdd(q, z, Beta0);
        return (p * clamped) / q;
    }
}
