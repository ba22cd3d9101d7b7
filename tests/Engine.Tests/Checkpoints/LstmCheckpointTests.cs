using System.Diagnostics;
using System.Globalization;
using System.Text;
using StreamForecast.Engine.Checkpoints;
using StreamForecast.Engine.Inference;

namespace StreamForecast.Engine.Tests.Checkpoints;

public sealed class LstmCheckpointTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("stream-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Load_PyTorchFileOfUnusualShape_ReadsShapeActivationAndValues()
    {
        LstmCheckpoint checkpoint = Fixtures.Model("odd3x37");
        SafeTensorFile raw = SafeTensors.Read(Fixtures.PathOf("lstm", "odd3x37.model.safetensors"));

        Assert.Equal(new LstmShape(3, 37, 3, 2), checkpoint.Shape);
        Assert.Equal(HeadActivation.Identity, checkpoint.Parameters.Activation);
        Assert.Equal(raw["lstm.weight_hh_l2"].ToSingles(), checkpoint.Parameters.WeightHh(2).ToArray());
        Assert.Equal(raw["head.bias"].ToSingles(), checkpoint.Parameters.HeadBias().ToArray());
    }

    [Fact]
    public void Save_ThenLoad_RoundTripsValuesAndMetadata()
    {
        var parameters = LstmParameters.Initialize(new LstmShape(2, 7, 3, 1), HeadActivation.Tanh, seed: 8);
        string path = Path.Combine(_directory, "model.safetensors");
        new LstmCheckpoint(parameters, new Dictionary<string, string> { ["lags"] = "10" }).Save(path);

        LstmCheckpoint loaded = LstmCheckpoint.Load(path);

        Assert.Equal(parameters.Shape, loaded.Shape);
        Assert.Equal(parameters.Values, loaded.Parameters.Values);
        Assert.Equal("10", loaded.Metadata["lags"]);
        Assert.Equal("tanh", loaded.Metadata[LstmCheckpoint.HeadActivationKey]);
        Assert.Equal(0, (new FileInfo(path).Length - 8 - BitConverter.ToInt64(File.ReadAllBytes(path), 0)) % 4);
    }

    [Fact]
    public void Save_PyTorchLoadsItStrictlyAndComputesTheSameOutputs()
    {
        var shape = new LstmShape(2, 9, 3, 2);
        var parameters = LstmParameters.Initialize(shape, HeadActivation.Tanh, seed: 21);
        string path = Path.Combine(_directory, "ours.safetensors");
        new LstmCheckpoint(parameters, new Dictionary<string, string>()).Save(path);
        const int steps = 6, batch = 3;

        double[] torch = [.. RunPython("tools/golden/torch_run_checkpoint.py", path, "6", "3")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => double.Parse(line, CultureInfo.InvariantCulture))];

        using var backend = new CpuLstmBackend(parameters);
        using IRecurrentState state = backend.CreateState(batch);
        float[] ours = new float[steps * batch * 2];
        for (int t = 0; t < steps; t++)
        {
            float[] x = [.. Enumerable.Range(0, batch * 2).Select(k => MathF.Sin((0.7f * t) + (1.3f * (k / 2)) + (0.5f * (k % 2))))];
            backend.Step(state, [0, 1, 2], x, ours.AsSpan(t * batch * 2, batch * 2));
        }

        Numerics.AssertClose(torch, ours, 1e-5, "PyTorch on our checkpoint");
    }

    [Theory]
    [InlineData("no-activation", "lacks head_activation")]
    [InlineData("bad-activation", "'relu' is not supported")]
    [InlineData("wrong-shape", "tensor lstm.weight_hh_l1 has shape [16, 3]")]
    [InlineData("unknown-tensor", "unexpected tensors extra.scale")]
    [InlineData("no-lstm", "no tensor lstm.weight_ih_l0")]
    [InlineData("bidirectional", "lstm.weight_ih_l0_reverse: bidirectional")]
    public void Load_MismatchedCheckpoint_FailsNamingFileAndReason(string kind, string reason)
    {
        var shape = new LstmShape(1, 4, 2, 1);
        var parameters = LstmParameters.Initialize(shape, HeadActivation.Tanh, seed: 1);
        var tensors = parameters.Tensors.Select((t, i) => (t.Name, t.Shape, Values: parameters.Tensor(i).ToArray())).ToList();
        var metadata = new Dictionary<string, string> { ["head_activation"] = "tanh" };
        switch (kind)
        {
            case "no-activation": metadata.Clear(); break;
            case "bad-activation": metadata["head_activation"] = "relu"; break;
            case "wrong-shape": tensors[5] = (tensors[5].Name, [16, 3], new float[48]); break;
            case "unknown-tensor": tensors.Add(("extra.scale", [1], [1f])); break;
            case "no-lstm": tensors.RemoveAll(t => t.Name.StartsWith("lstm.weight_ih", StringComparison.Ordinal)); break;
            case "bidirectional": tensors.Add(("lstm.weight_ih_l0_reverse", [16, 1], new float[16])); break;
        }

        string path = Path.Combine(_directory, $"{kind}.safetensors");
        SafeTensors.Write(path, tensors, metadata);

        var error = Assert.Throws<InvalidDataException>(() => LstmCheckpoint.Load(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TruncatedOrGarbageFile_FailsWithClearMessage()
    {
        byte[] good = File.ReadAllBytes(Fixtures.PathOf("lstm", "tiny.model.safetensors"));
        string truncated = Path.Combine(_directory, "truncated.safetensors");
        File.WriteAllBytes(truncated, good[..(good.Length - 10)]);
        string garbage = Path.Combine(_directory, "garbage.safetensors");
        File.WriteAllBytes(garbage, [.. BitConverter.GetBytes(5L), .. Encoding.ASCII.GetBytes("{nope")]);

        Assert.Contains("fall outside", Assert.Throws<InvalidDataException>(() => LstmCheckpoint.Load(truncated)).Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", Assert.Throws<InvalidDataException>(() => LstmCheckpoint.Load(garbage)).Message, StringComparison.Ordinal);
        Assert.Contains("cannot read", Assert.Throws<InvalidDataException>(() => LstmCheckpoint.Load(Path.Combine(_directory, "missing"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Initialize_SameSeed_SameValuesWithinPyTorchBounds()
    {
        var shape = new LstmShape(1, 100, 2, 1);
        float[] first = LstmParameters.Initialize(shape, HeadActivation.Tanh, 42).Values;
        float[] second = LstmParameters.Initialize(shape, HeadActivation.Tanh, 42).Values;
        float[] other = LstmParameters.Initialize(shape, HeadActivation.Tanh, 43).Values;

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.All(first, value => Assert.InRange(value, -0.1f, 0.1f));
        Assert.InRange(first.Max(), 0.099f, 0.1f);
    }

    /// <summary>Runs a repository script with Debian's python3 (which has python3-torch).</summary>
    internal static string RunPython(string script, params string[] arguments)
    {
        string root = Fixtures.RepositoryRoot();
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        start.ArgumentList.Add(Path.Combine(root, script));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"/usr/bin/python3 {script} failed (is python3-torch installed? ./stream installs it): {error.Result}");
        return output;
    }
}
