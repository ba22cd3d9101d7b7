using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace StreamForecast.Engine.Kernels;

/// <summary>
/// The 512-bit kernels: 32 zmm registers hold 4 rows × 64 columns of accumulators. Each output element
/// is still one chain of fused multiply-adds over k in order, so the bits equal the AVX2 and scalar
/// paths; columns left over after the last full 16 run on the AVX2 kernels.
/// </summary>
internal static unsafe partial class Gemm
{
    private const int WideLanes = 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows4Wide(int m, int n, int k, float* a, nint ars, nint acs, float* b, nint ldb, float* c, nint ldc)
    {
        int col = 0;
        for (; col + (4 * WideLanes) <= n; col += 4 * WideLanes)
        {
            for (int row = 0; row < m; row += 4)
            {
                Kernel4x64(k, a + (row * ars), ars, acs, b + col, ldb, c + (row * ldc) + col, ldc);
            }
        }

        for (; col + WideLanes <= n; col += WideLanes)
        {
            for (int row = 0; row < m; row += 4)
            {
                Kernel4x16(k, a + (row * ars), ars, acs, b + col, ldb, c + (row * ldc) + col, ldc);
            }
        }

        if (col < n)
        {
            Rows4(m, n - col, k, a, ars, acs, b + col, ldb, c + col, ldc);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row1Wide(int n, int k, float* a, nint acs, float* b, nint ldb, float* c)
    {
        int col = 0;
        for (; col + (4 * WideLanes) <= n; col += 4 * WideLanes)
        {
            Kernel1x64Wide(k, a, acs, b + col, ldb, c + col);
        }

        if (col < n)
        {
            Row1(n - col, k, a, acs, b + col, ldb, c + col);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel4x64(int k, float* a, nint ars, nint acs, float* b, nint ldb, float* c, nint ldc)
    {
        float* c1 = c + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        Vector512<float> c00 = Vector512.Load(c), c01 = Vector512.Load(c + 16), c02 = Vector512.Load(c + 32), c03 = Vector512.Load(c + 48);
        Vector512<float> c10 = Vector512.Load(c1), c11 = Vector512.Load(c1 + 16), c12 = Vector512.Load(c1 + 32), c13 = Vector512.Load(c1 + 48);
        Vector512<float> c20 = Vector512.Load(c2), c21 = Vector512.Load(c2 + 16), c22 = Vector512.Load(c2 + 32), c23 = Vector512.Load(c2 + 48);
        Vector512<float> c30 = Vector512.Load(c3), c31 = Vector512.Load(c3 + 16), c32 = Vector512.Load(c3 + 32), c33 = Vector512.Load(c3 + 48);
        nint ars2 = ars * 2, ars3 = ars * 3;
        for (int p = 0; p < k; p++)
        {
            Vector512<float> b0 = Vector512.Load(b), b1 = Vector512.Load(b + 16), b2 = Vector512.Load(b + 32), b3 = Vector512.Load(b + 48);
            Vector512<float> x = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            c02 = Vector512.FusedMultiplyAdd(x, b2, c02);
            c03 = Vector512.FusedMultiplyAdd(x, b3, c03);
            x = Vector512.Create(a[ars]);
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            c12 = Vector512.FusedMultiplyAdd(x, b2, c12);
            c13 = Vector512.FusedMultiplyAdd(x, b3, c13);
            x = Vector512.Create(a[ars2]);
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            c22 = Vector512.FusedMultiplyAdd(x, b2, c22);
            c23 = Vector512.FusedMultiplyAdd(x, b3, c23);
            x = Vector512.Create(a[ars3]);
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            c32 = Vector512.FusedMultiplyAdd(x, b2, c32);
            c33 = Vector512.FusedMultiplyAdd(x, b3, c33);
            a += acs;
            b += ldb;
        }

        c00.Store(c); c01.Store(c + 16); c02.Store(c + 32); c03.Store(c + 48);
        c10.Store(c1); c11.Store(c1 + 16); c12.Store(c1 + 32); c13.Store(c1 + 48);
        c20.Store(c2); c21.Store(c2 + 16); c22.Store(c2 + 32); c23.Store(c2 + 48);
        c30.Store(c3); c31.Store(c3 + 16); c32.Store(c3 + 32); c33.Store(c3 + 48);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel4x16(int k, float* a, nint ars, nint acs, float* b, nint ldb, float* c, nint ldc)
    {
        float* c1 = c + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        Vector512<float> c0v = Vector512.Load(c), c1v = Vector512.Load(c1), c2v = Vector512.Load(c2), c3v = Vector512.Load(c3);
        for (int p = 0; p < k; p++)
        {
            Vector512<float> bv = Vector512.Load(b);
            c0v = Vector512.FusedMultiplyAdd(Vector512.Create(a[0]), bv, c0v);
            c1v = Vector512.FusedMultiplyAdd(Vector512.Create(a[ars]), bv, c1v);
            c2v = Vector512.FusedMultiplyAdd(Vector512.Create(a[2 * ars]), bv, c2v);
            c3v = Vector512.FusedMultiplyAdd(Vector512.Create(a[3 * ars]), bv, c3v);
            a += acs;
            b += ldb;
        }

        c0v.Store(c); c1v.Store(c1); c2v.Store(c2); c3v.Store(c3);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel1x64Wide(int k, float* a, nint acs, float* b, nint ldb, float* c)
    {
        Vector512<float> c0 = Vector512.Load(c), c1 = Vector512.Load(c + 16), c2 = Vector512.Load(c + 32), c3 = Vector512.Load(c + 48);
        for (int p = 0; p < k; p++)
        {
            Vector512<float> x = Vector512.Create(a[0]);
            c0 = Vector512.FusedMultiplyAdd(x, Vector512.Load(b), c0);
            c1 = Vector512.FusedMultiplyAdd(x, Vector512.Load(b + 16), c1);
            c2 = Vector512.FusedMultiplyAdd(x, Vector512.Load(b + 32), c2);
            c3 = Vector512.FusedMultiplyAdd(x, Vector512.Load(b + 48), c3);
            a += acs;
            b += ldb;
        }

        c0.Store(c); c1.Store(c + 16); c2.Store(c + 32); c3.Store(c + 48);
    }
}
