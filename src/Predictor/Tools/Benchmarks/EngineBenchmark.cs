using System.Diagnostics;
using StreamForecast.Engine;
using StreamForecast.Engine.Inference;
using StreamForecast.Engine.Training;

namespace StreamForecast.Predictor.Tools.Benchmarks;

/// <summary>
/// Measures the engine on the textbook model (input 1, 2 × 100, head 1, tanh): streaming latency,
/// batched throughput and stateful training throughput. Each measurement warms up first and runs for a
/// fixed time, not a fixed count, so slow and fast machines both give stable numbers.
/// </summary>
internal static class EngineBenchmark
{
    public static readonly LstmShape Textbook = new(1, 100, 2, 1);

    /// <summary>One series, (h, c) carried: every step timed on its own.</summary>
    /// <returns>Median and 99th percentile in microseconds.</returns>
    public static (double Median, double P99) StepLatency(TimeSpan duration)
    {
        using var backend = new CpuLstmBackend(LstmParameters.Initialize(Textbook, HeadActivation.Tanh, seed: 1));
        using IRecurrentState state = backend.CreateState(1);
        int[] slot = [0];
        float[] input = new float[1], output = new float[1];
        var random = new Random(1);
        for (int i = 0; i < 20_000; i++)
        {
            backend.Step(state, slot, input, output);
        }

        var samples = new List<double>(1 << 20);
        long end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end || samples.Count < 1000)
        {
            input[0] = (float)random.NextDouble();
            long start = Stopwatch.GetTimestamp();
            backend.Step(state, slot, input, output);
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }

        samples.Sort();
        return (samples[samples.Count / 2], samples[Math.Min(samples.Count - 1, (int)(0.99 * samples.Count))]);
    }

    /// <summary>All <paramref name="series"/> stepped together per call.</summary>
    /// <returns>Series-steps per second.</returns>
    public static double StepThroughput(int series, TimeSpan duration)
    {
        using var backend = new CpuLstmBackend(LstmParameters.Initialize(Textbook, HeadActivation.Tanh, seed: 1));
        using IRecurrentState state = backend.CreateState(series);
        int[] slots = [.. Enumerable.Range(0, series)];
        float[] inputs = new float[series], outputs = new float[series];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = MathF.Sin(i);
        }

        for (int i = 0; i < 3 + (100_000 / series); i++)
        {
            backend.Step(state, slots, inputs, outputs);
        }

        return Run(duration, () => backend.Step(state, slots, inputs, outputs)) * series;
    }

    /// <summary>Stateful training: windows of <paramref name="window"/> steps, batch of streams, Adam, clipping.</summary>
    /// <returns>Sequences (one stream's window) per second.</returns>
    public static double TrainThroughput(TimeSpan duration, int batch = 100, int window = 10)
    {
        var parameters = LstmParameters.Initialize(Textbook, HeadActivation.Tanh, seed: 1);
        using var trainer = new LstmTrainer(parameters, new AdamOptimizer(parameters.Count), batch, window, clipNorm: 1.0);
        var random = new Random(3);
        float[] inputs = [.. Enumerable.Range(0, window * batch).Select(_ => (float)((random.NextDouble() * 2) - 1))];
        float[] targets = [.. Enumerable.Range(0, window * batch).Select(_ => (float)(random.NextDouble() - 0.5))];
        float[] hidden = new float[2 * batch * 100], cell = new float[hidden.Length];
        for (int i = 0; i < 10; i++)
        {
            trainer.TrainStep(window, inputs, targets, hidden, cell);
        }

        return Run(duration, () => trainer.TrainStep(window, inputs, targets, hidden, cell)) * batch;
    }

    /// <returns>Calls per second.</returns>
    private static double Run(TimeSpan duration, Action call)
    {
        long start = Stopwatch.GetTimestamp(), calls = 0;
        TimeSpan elapsed;
        do
        {
            call();
            calls++;
            elapsed = Stopwatch.GetElapsedTime(start);
        }
        while (elapsed < duration || calls < 3);

        return calls / elapsed.TotalSeconds;
    }
}
