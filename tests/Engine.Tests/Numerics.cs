namespace StreamForecast.Engine.Tests;

internal static class Numerics
{
    /// <summary>
    /// Element-wise relative error: |actual − expected| ≤ rtol · max(|expected|, 0.1 · max|expected|),
    /// so entries that are tiny next to the tensor's scale are held to the tensor's scale.
    /// </summary>
    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double rtol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 0;
        foreach (double value in expected)
        {
            scale = Math.Max(scale, Math.Abs(value));
        }

        double worst = 0;
        int worstIndex = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            double denominator = Math.Max(Math.Abs(expected[i]), 0.1 * scale);
            double error = denominator == 0 ? Math.Abs(actual[i]) : Math.Abs(actual[i] - expected[i]) / denominator;
            if (!(error <= worst))
            {
                worst = error;
                worstIndex = i;
            }
        }

        Assert.True(
            worst <= rtol,
            $"{what}: relative error {worst:E3} > {rtol:E1} at [{worstIndex}]: expected {(worstIndex >= 0 ? expected[worstIndex] : 0):R}, got {(worstIndex >= 0 ? actual[worstIndex] : 0):R}");
    }

    public static float[] Random(Random random, int count, double scale = 1)
    {
        float[] values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)(((random.NextDouble() * 2) - 1) * scale);
        }

        return values;
    }
}
