using StreamForecast.Engine.Kernels;

namespace StreamForecast.Engine.Tests.Kernels;

public sealed class GemmTests
{
    private static readonly (int M, int N, int K)[] ShapeList =
    [
        (1, 400, 101), (1, 400, 200), (4, 400, 200), (7, 400, 101), (64, 400, 200),
        (1, 1, 1), (3, 5, 7), (5, 17, 3), (9, 33, 13), (13, 100, 400), (2, 65, 1), (6, 148, 40),
        (1, 64, 201), (8, 80, 7), (4, 150, 30), (5, 16, 9), (1, 130, 3),
    ];

    /// <summary>Every shape on every kernel path; paths without hardware here run emulated, with the same bits.</summary>
    public static TheoryData<string, int, int, int> Shapes
    {
        get
        {
            var data = new TheoryData<string, int, int, int>();
            foreach (GemmPath path in Enum.GetValues<GemmPath>().Where(Gemm.CanRun))
            {
                foreach (var (m, n, k) in ShapeList)
                {
                    data.Add(path.ToString(), m, n, k);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MultiplyAdd_NoTranspose_EqualsReferenceBitForBit(string path, int m, int n, int k)
    {
        var random = new Random((m * 1000) + (n * 10) + k);
        int lda = k + 3, ldb = n + 5, ldc = n + 2;
        float[] a = Numerics.Random(random, m * lda), b = Numerics.Random(random, k * ldb), c = Numerics.Random(random, m * ldc);
        float[] expected = (float[])c.Clone();

        Gemm.MultiplyAddReference(m, n, k, a, lda, 1, b, ldb, expected, ldc);
        Gemm.MultiplyAdd(m, n, k, a, lda, 1, b, ldb, c, ldc, Enum.Parse<GemmPath>(path));

        Assert.Equal(expected, c);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MultiplyAdd_TransposedA_EqualsReferenceBitForBit(string path, int m, int n, int k)
    {
        var random = new Random((m * 7) + (n * 31) + k);
        int lda = m + 1;
        float[] a = Numerics.Random(random, k * lda), b = Numerics.Random(random, k * n), c = new float[m * n];
        float[] expected = new float[m * n];

        Gemm.MultiplyAddReference(m, n, k, a, 1, lda, b, n, expected, n);
        Gemm.MultiplyAdd(m, n, k, a, 1, lda, b, n, c, n, Enum.Parse<GemmPath>(path));

        Assert.Equal(expected, c);
    }

    [Fact]
    public void MultiplyAdd_ReferenceAgainstDoubleSum_IsAccurate()
    {
        var random = new Random(3);
        const int m = 5, n = 9, k = 300;
        float[] a = Numerics.Random(random, m * k), b = Numerics.Random(random, k * n), c = new float[m * n];
        Gemm.MultiplyAdd(m, n, k, a, k, 1, b, n, c, n);

        double[] exact = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                for (int p = 0; p < k; p++)
                {
                    exact[(i * n) + j] += (double)a[(i * k) + p] * b[(p * n) + j];
                }
            }
        }

        Numerics.AssertClose(exact, c, 1e-4, "C");
    }

    [Fact]
    public void MultiplyAdd_ShortBuffer_Throws()
    {
        float[] a = new float[10], b = new float[10], c = new float[3];
        Assert.Throws<ArgumentException>(() => Gemm.MultiplyAdd(2, 2, 2, a, 2, 1, b, 2, c, 2));
    }
}
