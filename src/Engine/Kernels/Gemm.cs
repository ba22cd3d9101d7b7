using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace StreamForecast.Engine.Kernels;

/// <summary>
/// Single-precision matrix multiply-accumulate, row-major: <c>C[m, n] += Σ_k A(m, k) · B[k, n]</c>.
/// A is addressed through two strides, so the same kernel computes <c>A·B</c>
/// (<c>aRowStride = lda, aColStride = 1</c>) and <c>Aᵀ·B</c> (<c>aRowStride = 1, aColStride = lda</c>).
/// </summary>
/// <remarks>
/// The fast path is register-blocked for AVX2/FMA (16 ymm registers): 4 rows × 24 columns hold
/// 12 accumulators; single rows (the streaming step) use 64 columns in 8 accumulators to hide the FMA
/// latency. Every kernel sums over k in order with fused multiply-adds, so a row's result does not
/// depend on which rows share its block: a series gives bit-identical outputs alone or in any batch.
/// <see cref="MultiplyAddReference"/> is the scalar oracle for tests. Where AVX-512 is accelerated,
/// <see cref="Path"/> picks the 512-bit kernels (Gemm.Avx512.cs): lanes still run across outputs, never
/// across k, so every path computes the same bits.
/// </remarks>
internal static unsafe partial class Gemm
{
    private const int Lanes = 8;

    /// <summary>The kernels MultiplyAdd runs: the widest this CPU accelerates, unless forced.</summary>
    public static GemmPath Path { get; set; } = Best;

    /// <summary>The widest path this CPU runs in hardware.</summary>
    public static GemmPath Best =>
        !(Avx2.IsSupported && Fma.IsSupported) ? GemmPath.Reference
        : Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? GemmPath.Avx512
        : GemmPath.Avx2;

    /// <summary>
    /// Whether <paramref name="path"/> can run here. AVX-512 needs AVX2 for its column tails; without
    /// AVX-512 hardware its vectors are emulated (slowly, same bits), which lets tests force it anywhere.
    /// </summary>
    public static bool CanRun(GemmPath path) => path == GemmPath.Reference || (Avx2.IsSupported && Fma.IsSupported);

    public static void MultiplyAdd(
        int m, int n, int k,
        ReadOnlySpan<float> a, int aRowStride, int aColStride,
        ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc) =>
        MultiplyAdd(m, n, k, a, aRowStride, aColStride, b, ldb, c, ldc, Path);

    /// <summary><see cref="MultiplyAdd(int, int, int, ReadOnlySpan{float}, int, int, ReadOnlySpan{float}, int, Span{float}, int)"/> on the given kernels.</summary>
    public static void MultiplyAdd(
        int m, int n, int k,
        ReadOnlySpan<float> a, int aRowStride, int aColStride,
        ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, GemmPath path)
    {
        CheckArguments(m, n, k, a, aRowStride, aColStride, b, ldb, c, ldc);
        if (m == 0 || n == 0 || k == 0)
        {
            return;
        }

        if (path == GemmPath.Reference || !CanRun(path))
        {
            MultiplyAddReference(m, n, k, a, aRowStride, aColStride, b, ldb, c, ldc);
            return;
        }

        bool wide = path == GemmPath.Avx512;
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            int blockedRows = m - (m % 4);
            if (blockedRows > 0)
            {
                if (wide)
                {
                    Rows4Wide(blockedRows, n, k, pa, aRowStride, aColStride, pb, ldb, pc, ldc);
                }
                else
                {
                    Rows4(blockedRows, n, k, pa, aRowStride, aColStride, pb, ldb, pc, ldc);
                }
            }

            for (int row = blockedRows; row < m; row++)
            {
                float* aRow = pa + (row * (nint)aRowStride), cRow = pc + (row * (nint)ldc);
                if (wide)
                {
                    Row1Wide(n, k, aRow, aColStride, pb, ldb, cRow);
                }
                else
                {
                    Row1(n, k, aRow, aColStride, pb, ldb, cRow);
                }
            }
        }
    }

    /// <summary>
    /// Scalar reference with the same contract as MultiplyAdd and the same order of fused
    /// multiply-adds, so the two agree bit for bit.
    /// </summary>
    public static void MultiplyAddReference(
        int m, int n, int k,
        ReadOnlySpan<float> a, int aRowStride, int aColStride,
        ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc)
    {
        CheckArguments(m, n, k, a, aRowStride, aColStride, b, ldb, c, ldc);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float sum = c[(i * ldc) + j];
                for (int p = 0; p < k; p++)
                {
                    sum = MathF.FusedMultiplyAdd(a[(i * aRowStride) + (p * aColStride)], b[(p * ldb) + j], sum);
                }

                c[(i * ldc) + j] = sum;
            }
        }
    }

    private static void CheckArguments(
        int m, int n, int k,
        ReadOnlySpan<float> a, int aRowStride, int aColStride,
        ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfLessThan(ldb, n);
        ArgumentOutOfRangeException.ThrowIfLessThan(ldc, n);
        ArgumentOutOfRangeException.ThrowIfNegative(aRowStride);
        ArgumentOutOfRangeException.ThrowIfNegative(aColStride);
        if (m == 0 || n == 0 || k == 0)
        {
            return;
        }

        long aLast = ((long)(m - 1) * aRowStride) + ((long)(k - 1) * aColStride);
        if (aLast >= a.Length)
        {
            throw new ArgumentException($"A is too short: needs index {aLast}, has {a.Length}.", nameof(a));
        }

        if (((long)(k - 1) * ldb) + n > b.Length)
        {
            throw new ArgumentException($"B is too short for {k} x {n} with stride {ldb}.", nameof(b));
        }

        if (((long)(m - 1) * ldc) + n > c.Length)
        {
            throw new ArgumentException($"C is too short for {m} x {n} with stride {ldc}.", nameof(c));
        }
    }
}
