using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace StreamForecast.Engine.Kernels;

/// <summary>
/// The 256-bit kernels (AVX2 and FMA, 16 ymm registers): 4 rows × 24 columns of accumulators, single rows
/// 64 columns wide, masked loads and stores for the last n % 8 columns.
/// </summary>
internal static unsafe partial class Gemm
{
    /// <summary>Rows in blocks of 4; the column panel is the outer loop so B's panel stays in L1 across row blocks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows4(int m, int n, int k, float* a, nint ars, nint acs, float* b, nint ldb, float* c, nint ldc)
    {
        int col = 0;
        for (; col + (3 * Lanes) <= n; col += 3 * Lanes)
        {
            for (int row = 0; row < m; row += 4)
            {
                Kernel4x24(k, a + (row * ars), ars, acs, b + col, ldb, c + (row * ldc) + col, ldc);
            }
        }

        for (; col + Lanes <= n; col += Lanes)
        {
            for (int row = 0; row < m; row += 4)
            {
                Kernel4x8(k, a + (row * ars), ars, acs, b + col, ldb, c + (row * ldc) + col, ldc);
            }
        }

        if (col < n)
        {
            Vector256<float> mask = TailMask(n - col);
            for (int row = 0; row < m; row += 4)
            {
                Kernel4xMasked(k, a + (row * ars), ars, acs, b + col, ldb, c + (row * ldc) + col, ldc, mask);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row1(int n, int k, float* a, nint acs, float* b, nint ldb, float* c)
    {
        int col = 0;
        for (; col + (8 * Lanes) <= n; col += 8 * Lanes)
        {
            Kernel1x64(k, a, acs, b + col, ldb, c + col);
        }

        for (; col + Lanes <= n; col += Lanes)
        {
            Kernel1x8(k, a, acs, b + col, ldb, c + col);
        }

        if (col < n)
        {
            Kernel1xMasked(k, a, acs, b + col, ldb, c + col, TailMask(n - col));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel4x24(int k, float* a, nint ars, nint acs, float* b, nint ldb, float* c, nint ldc)
    {
        float* c1 = c + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        Vector256<float> c00 = Vector256.Load(c), c01 = Vector256.Load(c + 8), c02 = Vector256.Load(c + 16);
        Vector256<float> c10 = Vector256.Load(c1), c11 = Vector256.Load(c1 + 8), c12 = Vector256.Load(c1 + 16);
        Vector256<float> c20 = Vector256.Load(c2), c21 = Vector256.Load(c2 + 8), c22 = Vector256.Load(c2 + 16);
        Vector256<float> c30 = Vector256.Load(c3), c31 = Vector256.Load(c3 + 8), c32 = Vector256.Load(c3 + 16);
        nint ars2 = ars * 2, ars3 = ars * 3;
        for (int p = 0; p < k; p++)
        {
            Vector256<float> b0 = Vector256.Load(b), b1 = Vector256.Load(b + 8), b2 = Vector256.Load(b + 16);
            Vector256<float> x = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(x, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
            c02 = Vector256.FusedMultiplyAdd(x, b2, c02);
            x = Vector256.Create(a[ars]);
            c10 = Vector256.FusedMultiplyAdd(x, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
            c12 = Vector256.FusedMultiplyAdd(x, b2, c12);
            x = Vector256.Create(a[ars2]);
            c20 = Vector256.FusedMultiplyAdd(x, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
            c22 = Vector256.FusedMultiplyAdd(x, b2, c22);
            x = Vector256.Create(a[ars3]);
            c30 = Vector256.FusedMultiplyAdd(x, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
            c32 = Vector256.FusedMultiplyAdd(x, b2, c32);
            a += acs;
            b += ldb;
        }

        c00.Store(c); c01.Store(c + 8); c02.Store(c + 16);
        c10.Store(c1); c11.Store(c1 + 8); c12.Store(c1 + 16);
        c20.Store(c2); c21.Store(c2 + 8); c22.Store(c2 + 16);
        c30.Store(c3); c31.Store(c3 + 8); c32.Store(c3 + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel4x8(int k, float* a, nint ars, nint acs, float* b, nint ldb, float* c, nint ldc)
    {
        float* c1 = c + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        Vector256<float> c0v = Vector256.Load(c), c1v = Vector256.Load(c1), c2v = Vector256.Load(c2), c3v = Vector256.Load(c3);
        for (int p = 0; p < k; p++)
        {
            Vector256<float> bv = Vector256.Load(b);
            c0v = Vector256.FusedMultiplyAdd(Vector256.Create(a[0]), bv, c0v);
            c1v = Vector256.FusedMultiplyAdd(Vector256.Create(a[ars]), bv, c1v);
            c2v = Vector256.FusedMultiplyAdd(Vector256.Create(a[2 * ars]), bv, c2v);
            c3v = Vector256.FusedMultiplyAdd(Vector256.Create(a[3 * ars]), bv, c3v);
            a += acs;
            b += ldb;
        }

        c0v.Store(c); c1v.Store(c1); c2v.Store(c2); c3v.Store(c3);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel1x64(int k, float* a, nint acs, float* b, nint ldb, float* c)
    {
        // Eight independent FMA chains hide the FMA latency of a single row (the streaming step).
        Vector256<float> c0 = Vector256.Load(c), c1 = Vector256.Load(c + 8), c2 = Vector256.Load(c + 16), c3 = Vector256.Load(c + 24);
        Vector256<float> c4 = Vector256.Load(c + 32), c5 = Vector256.Load(c + 40), c6 = Vector256.Load(c + 48), c7 = Vector256.Load(c + 56);
        for (int p = 0; p < k; p++)
        {
            Vector256<float> x = Vector256.Create(a[0]);
            c0 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b), c0);
            c1 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b + 8), c1);
            c2 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b + 16), c2);
            c3 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b + 24), c3);
            c4 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b + 32), c4);
            c5 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b + 40), c5);
            c6 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b + 48), c6);
            c7 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b + 56), c7);
            a += acs;
            b += ldb;
        }

        c0.Store(c); c1.Store(c + 8); c2.Store(c + 16); c3.Store(c + 24);
        c4.Store(c + 32); c5.Store(c + 40); c6.Store(c + 48); c7.Store(c + 56);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel1x8(int k, float* a, nint acs, float* b, nint ldb, float* c)
    {
        Vector256<float> acc = Vector256.Load(c);
        for (int p = 0; p < k; p++)
        {
            acc = Vector256.FusedMultiplyAdd(Vector256.Create(a[0]), Vector256.Load(b), acc);
            a += acs;
            b += ldb;
        }

        acc.Store(c);
    }

    /// <summary>Lanes below <paramref name="count"/> selected (sign bit set), for the column tail.</summary>
    private static Vector256<float> TailMask(int count) =>
        Vector256.LessThan(Vector256.Create(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f), Vector256.Create((float)count));

    // The column tail (n % 8 columns) with masked loads and stores: the same sequential FMAs per element
    // as the full kernels, so results stay independent of the block a row lands in.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel4xMasked(int k, float* a, nint ars, nint acs, float* b, nint ldb, float* c, nint ldc, Vector256<float> mask)
    {
        float* c1 = c + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        Vector256<float> c0v = Avx.MaskLoad(c, mask), c1v = Avx.MaskLoad(c1, mask), c2v = Avx.MaskLoad(c2, mask), c3v = Avx.MaskLoad(c3, mask);
        for (int p = 0; p < k; p++)
        {
            Vector256<float> bv = Avx.MaskLoad(b, mask);
            c0v = Vector256.FusedMultiplyAdd(Vector256.Create(a[0]), bv, c0v);
            c1v = Vector256.FusedMultiplyAdd(Vector256.Create(a[ars]), bv, c1v);
            c2v = Vector256.FusedMultiplyAdd(Vector256.Create(a[2 * ars]), bv, c2v);
            c3v = Vector256.FusedMultiplyAdd(Vector256.Create(a[3 * ars]), bv, c3v);
            a += acs;
            b += ldb;
        }

        Avx.MaskStore(c, mask, c0v);
        Avx.MaskStore(c1, mask, c1v);
        Avx.MaskStore(c2, mask, c2v);
        Avx.MaskStore(c3, mask, c3v);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel1xMasked(int k, float* a, nint acs, float* b, nint ldb, float* c, Vector256<float> mask)
    {
        Vector256<float> acc = Avx.MaskLoad(c, mask);
        for (int p = 0; p < k; p++)
        {
            acc = Vector256.FusedMultiplyAdd(Vector256.Create(a[0]), Avx.MaskLoad(b, mask), acc);
            a += acs;
            b += ldb;
        }

        Avx.MaskStore(c, mask, acc);
    }
}
