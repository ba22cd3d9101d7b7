using System.Runtime.Intrinsics;
using StreamForecast.Engine.Kernels;

namespace StreamForecast.Engine.Tests.Kernels;

public sealed class FastMathTests
{
    [Fact]
    public void Tanh_DenseGrid_WithinThreeTenthsOfAMillionthOfExact()
    {
        for (double x = -12; x <= 12; x += 1e-4)
        {
            float value = (float)x;
            Assert.True(Math.Abs(FastMath.Tanh(value) - Math.Tanh(value)) <= 3e-7, $"tanh({value})");
        }

        Assert.Equal(1e-5f, FastMath.Tanh(1e-5f));
        Assert.InRange(FastMath.Tanh(50f), 1f - 3e-7f, 1f);
        Assert.InRange(FastMath.Tanh(-50f), -1f, -1f + 3e-7f);
    }

    [Fact]
    public void Sigmoid_DenseGrid_WithinTwoTenthsOfAMillionthOfExact()
    {
        for (double x = -30; x <= 30; x += 1e-3)
        {
            float value = (float)x;
            double exact = 1 / (1 + Math.Exp(-value));
            Assert.True(Math.Abs(FastMath.Sigmoid(value) - exact) <= 2e-7 * Math.Max(exact, 1e-3), $"sigmoid({value})");
        }

        Assert.InRange(FastMath.Sigmoid(-200f), 0f, 1e-38f);
        Assert.Equal(1f, FastMath.Sigmoid(200f));
    }

    [Fact]
    public void VectorAndScalar_SameInputs_SameBits()
    {
        var random = new Random(12);
        for (int trial = 0; trial < 2000; trial++)
        {
            float[] x = [.. Enumerable.Range(0, 8).Select(_ => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-5, 3))))];
            Vector256<float> v = Vector256.Create(x);
            for (int lane = 0; lane < 8; lane++)
            {
                Assert.Equal(FastMath.Exp(x[lane]), FastMath.Exp(v)[lane]);
                Assert.Equal(FastMath.Sigmoid(x[lane]), FastMath.Sigmoid(v)[lane]);
                Assert.Equal(FastMath.Tanh(x[lane]), FastMath.Tanh(v)[lane]);
            }
        }
    }
}
