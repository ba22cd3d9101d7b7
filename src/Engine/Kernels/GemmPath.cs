namespace StreamForecast.Engine.Kernels;

/// <summary>Which kernels Gemm.MultiplyAdd runs; all compute the same bits.</summary>
internal enum GemmPath
{
    /// <summary>Scalar fused multiply-adds: the oracle.</summary>
    Reference,

    /// <summary>256-bit AVX2 with FMA.</summary>
    Avx2,

    /// <summary>512-bit AVX-512 (column tails on AVX2).</summary>
    Avx512,
}
