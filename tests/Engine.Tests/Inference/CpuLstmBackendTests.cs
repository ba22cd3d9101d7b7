using StreamForecast.Engine.Checkpoints;
using StreamForecast.Engine.Inference;
using StreamForecast.Engine.Kernels;

namespace StreamForecast.Engine.Tests.Inference;

public sealed class CpuLstmBackendTests
{
    public static TheoryData<string, bool, int> Cases()
    {
        var data = new TheoryData<string, bool, int>();
        foreach (string name in Fixtures.LstmCases)
        {
            data.Add(name, false, 1);
            data.Add(name, false, 2);
            data.Add(name, true, 1);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Step_GoldenCase_MatchesPyTorchForwardAndFinalState(string name, bool referenceKernels, int workers)
    {
        LstmCheckpoint checkpoint = Fixtures.Model(name);
        SafeTensorFile expected = Fixtures.Expected(name);
        LstmShape shape = checkpoint.Shape;
        int steps = expected["x"].Shape[0], batch = expected["x"].Shape[1];
        float[] x = expected["x"].ToSingles();

        // Series live in scattered slots among unused ones, which must stay zero.
        int[] slots = [.. Enumerable.Range(0, batch).Select(r => (batch - 1 - r) * 2)];
        using var backend = new CpuLstmBackend(checkpoint.Parameters, workers, referenceKernels);
        using var state = (CpuLstmState)backend.CreateState(2 * batch);
        for (int r = 0; r < batch; r++)
        {
            state.CopyFrom(slots[r], Row(expected["h0"].ToSingles(), shape, batch, r), Row(expected["c0"].ToSingles(), shape, batch, r));
        }

        float[] outputs = new float[batch * shape.OutputSize];
        float[] actualY = new float[steps * batch * shape.OutputSize];
        for (int t = 0; t < steps; t++)
        {
            backend.Step(state, slots, x.AsSpan(t * batch * shape.InputSize, batch * shape.InputSize), outputs);
            outputs.CopyTo(actualY, t * outputs.Length);
        }

        Numerics.AssertClose(expected["y"].Values, actualY, 1e-5, $"{name} y");
        float[] h = new float[shape.StatePerSeries], c = new float[shape.StatePerSeries];
        for (int r = 0; r < batch; r++)
        {
            state.CopyTo(slots[r], h, c);
            Numerics.AssertClose(Row(expected["hT"].Values, shape, batch, r), h, 1e-5, $"{name} hT[{r}]");
            Numerics.AssertClose(Row(expected["cT"].Values, shape, batch, r), c, 1e-5, $"{name} cT[{r}]");
            state.CopyTo(slots[r] + 1, h, c);
            Assert.All(h.Concat(c), value => Assert.Equal(0f, value));
        }
    }

    [Fact]
    public void Step_SeriesAloneOrInsideBatch_GivesBitIdenticalOutputsAndState()
    {
        var parameters = LstmParameters.Initialize(new LstmShape(1, 100, 2, 1), HeadActivation.Tanh, seed: 5);
        using var backend = new CpuLstmBackend(parameters, workers: 2);
        using IRecurrentState alone = backend.CreateState(1);
        using IRecurrentState batched = backend.CreateState(37);
        var random = new Random(9);
        int[] all = [.. Enumerable.Range(0, 37)];
        float[] inputs = new float[37], outputs = new float[37], single = new float[1];
        for (int t = 0; t < 20; t++)
        {
            Numerics.Random(random, 37).CopyTo(inputs, 0);
            backend.Step(batched, all, inputs, outputs);
            backend.Step(alone, [0], inputs.AsSpan(11, 1), single);
            Assert.Equal(outputs[11], single[0]);
        }

        float[] h1 = new float[200], c1 = new float[200], h2 = new float[200], c2 = new float[200];
        alone.CopyTo(0, h1, c1);
        batched.CopyTo(11, h2, c2);
        Assert.Equal(h1, h2);
        Assert.Equal(c1, c2);
    }

    [Fact]
    public void Step_EveryKernelPath_GivesTheSameBits()
    {
        // A member with AVX-512 and one with AVX2 only must hand state to each other without a bit changing.
        var parameters = LstmParameters.Initialize(new LstmShape(1, 100, 2, 1), HeadActivation.Tanh, seed: 6);
        GemmPath before = Gemm.Path;
        var results = new List<(GemmPath Path, float[] Outputs, float[] Hidden, float[] Cell)>();
        try
        {
            foreach (GemmPath path in Enum.GetValues<GemmPath>().Where(Gemm.CanRun))
            {
                Gemm.Path = path;
                using var backend = new CpuLstmBackend(parameters, workers: 2);
                using IRecurrentState state = backend.CreateState(37);
                var random = new Random(4);
                int[] all = [.. Enumerable.Range(0, 37)];
                float[] inputs = new float[37], outputs = new float[37 * 15];
                for (int t = 0; t < 15; t++)
                {
                    Numerics.Random(random, 37).CopyTo(inputs, 0);
                    backend.Step(state, all, inputs, outputs.AsSpan(t * 37, 37));
                    backend.Step(state, [t], inputs.AsSpan(t, 1), outputs.AsSpan(t * 37, 1));
                }

                float[] h = new float[37 * 200], c = new float[37 * 200];
                for (int r = 0; r < 37; r++)
                {
                    state.CopyTo(r, h.AsSpan(r * 200, 200), c.AsSpan(r * 200, 200));
                }

                results.Add((path, outputs, h, c));
            }
        }
        finally
        {
            Gemm.Path = before;
        }

        Assert.Contains(results, result => result.Path == GemmPath.Reference);
        foreach (var result in results.Skip(1))
        {
            Assert.Equal(results[0].Outputs, result.Outputs);
            Assert.Equal(results[0].Hidden, result.Hidden);
            Assert.Equal(results[0].Cell, result.Cell);
        }
    }

    [Fact]
    public void Step_SubsetOfSlots_LeavesOtherSlotsUntouched()
    {
        var parameters = LstmParameters.Initialize(new LstmShape(2, 8, 2, 1), HeadActivation.Identity, seed: 1);
        using var backend = new CpuLstmBackend(parameters);
        using var state = (CpuLstmState)backend.CreateState(6);
        backend.Step(state, [0, 1, 2, 3, 4, 5], Numerics.Random(new Random(1), 12), new float[6]);
        float[][] before = [.. Enumerable.Range(0, 6).Select(slot => Snapshot(state, slot))];

        backend.Step(state, [4, 1], [0.5f, -0.5f, 1f, 2f], new float[2]);

        for (int slot = 0; slot < 6; slot++)
        {
            float[] after = Snapshot(state, slot);
            for (int layer = 0; layer < 2; layer++)
            {
                bool changed = !before[slot].AsSpan(layer * 8, 8).SequenceEqual(after.AsSpan(layer * 8, 8))
                    || !before[slot].AsSpan(16 + (layer * 8), 8).SequenceEqual(after.AsSpan(16 + (layer * 8), 8));
                Assert.Equal(slot is 1 or 4, changed);
            }
        }
    }

    [Fact]
    public void EnsureCapacity_AcrossPages_KeepsEverySeriesState_AndSteppingStaysBitIdentical()
    {
        var parameters = LstmParameters.Initialize(new LstmShape(1, 6, 2, 1), HeadActivation.Tanh, seed: 5);
        using var backend = new CpuLstmBackend(parameters);
        using var small = (CpuLstmState)backend.CreateState(3);
        using var large = (CpuLstmState)backend.CreateState(3);
        int[] slots = [0, 1, 2];
        backend.Step(small, slots, [0.1f, 0.2f, 0.3f], new float[3]);
        backend.Step(large, slots, [0.1f, 0.2f, 0.3f], new float[3]);

        // Grown past two pages: the three series keep their state, a far slot starts at zero.
        int far = (2 * CpuLstmState.PageSlots) + 5;
        large.EnsureCapacity(far + 1);
        Assert.True(large.Capacity > far);
        Assert.All(slots, slot => Assert.Equal(Snapshot(small, slot), Snapshot(large, slot)));
        Assert.All(Snapshot(large, far), value => Assert.Equal(0f, value));

        float[] expected = new float[3], actual = new float[3];
        backend.Step(small, slots, [0.4f, -0.2f, 0.9f], expected);
        large.CopySlot(2, large, far);
        backend.Step(large, [0, 1, far], [0.4f, -0.2f, 0.9f], actual);
        Assert.Equal(expected, actual);
        Assert.Equal(Snapshot(small, 2), Snapshot(large, far));
    }

    /// <summary>A slot's h then c, (layers, H) each.</summary>
    private static float[] Snapshot(CpuLstmState state, int slot)
    {
        float[] h = new float[state.StatePerSeries], c = new float[h.Length];
        state.CopyTo(slot, h, c);
        return [.. h, .. c];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(64)]
    public void Step_SteadyState_AllocatesNothing(int series)
    {
        var parameters = LstmParameters.Initialize(new LstmShape(1, 100, 2, 1), HeadActivation.Tanh, seed: 2);
        using var backend = new CpuLstmBackend(parameters, workers: 2);
        using IRecurrentState state = backend.CreateState(series);
        int[] slots = [.. Enumerable.Range(0, series)];
        float[] inputs = new float[series], outputs = new float[series];
        // Warm up past tiered compilation: promotion to tier 1 starts 100 ms after a method's first calls and queues
        // its work from the calling thread (7,768 bytes once in CI when 500 one-series steps took 3 ms).
        var warm = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 500 || warm.ElapsedMilliseconds < 1000; i++)
        {
            backend.Step(state, slots, inputs, outputs);
        }

        // The calling thread runs the same tile code as the pool threads; the runner's own threads
        // allocate meanwhile, so the process-wide counter cannot be used here.
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            backend.Step(state, slots, inputs, outputs);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Step_MismatchedLengthsOrSlots_Throw()
    {
        var parameters = LstmParameters.Initialize(new LstmShape(2, 4, 1, 1), HeadActivation.Tanh, seed: 3);
        using var backend = new CpuLstmBackend(parameters);
        using IRecurrentState state = backend.CreateState(2);
        Assert.Throws<ArgumentException>(() => backend.Step(state, [0], new float[1], new float[1]));
        Assert.Throws<ArgumentException>(() => backend.Step(state, [0], new float[2], new float[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => backend.Step(state, [2], new float[2], new float[1]));
    }

    /// <summary>Row r of a (layers, batch, H) tensor as (layers, H).</summary>
    internal static T[] Row<T>(T[] tensor, LstmShape shape, int batch, int r)
    {
        int h = shape.HiddenSize;
        var row = new T[shape.Layers * h];
        for (int layer = 0; layer < shape.Layers; layer++)
        {
            Array.Copy(tensor, ((layer * batch) + r) * h, row, layer * h, h);
        }

        return row;
    }
}
