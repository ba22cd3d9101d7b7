namespace StreamForecast.Predictor.Tools.Benchmarks;

/// <summary>One measured metric, Stream next to PyTorch from the same run.</summary>
/// <param name="Name">step_1, step_64, step_1024, step_16384 or train.</param>
/// <param name="Unit">What the numbers count.</param>
/// <param name="Stream">Stream's value.</param>
/// <param name="PyTorch">PyTorch's value, NaN when it could not be measured.</param>
/// <param name="HigherIsBetter">False for latencies.</param>
/// <param name="StreamP99">For latencies: Stream's 99th percentile.</param>
/// <param name="PyTorchP99">For latencies: PyTorch's 99th percentile.</param>
/// <param name="PyTorchVariant">eager or jit.script, whichever was better.</param>
internal sealed record BenchmarkResult(
    string Name, string Unit, double Stream, double PyTorch, bool HigherIsBetter,
    double StreamP99 = double.NaN, double PyTorchP99 = double.NaN, string PyTorchVariant = "")
{
    /// <summary>Greater than 1 when Stream is faster.</summary>
    public double Speedup => HigherIsBetter ? Stream / PyTorch : PyTorch / Stream;
}
