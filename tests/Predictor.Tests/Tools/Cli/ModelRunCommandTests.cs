using StreamForecast.Forecasting.Tests;
using StreamForecast.Predictor.Tools.Cli;

namespace StreamForecast.Predictor.Tests.Tools.Cli;

public sealed class ModelRunCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("stream-run-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Invoke_ValidFiles_WritesOutputAndReturnsZero()
    {
        string output = Path.Combine(_directory, "out.csv");

        int exit = Invoke("model", "run", "--model", Fixtures.PathOf("lstm", "run.model.safetensors"), "--input", Fixtures.PathOf("lstm", "run.input.csv"), "--output", output);

        Assert.Equal(0, exit);
        Assert.Equal(File.ReadAllLines(Fixtures.PathOf("lstm", "run.expected.csv")).Length, File.ReadAllLines(output).Length);
    }

    [Fact]
    public void Invoke_BadInput_ReturnsNonZeroAndLeavesNoOutput()
    {
        string input = Path.Combine(_directory, "bad.csv"), output = Path.Combine(_directory, "out.csv");
        File.WriteAllText(input, "series,timestamp,x,x1,x2\nA,1,1,2,oops\n");

        int exit = Invoke("model", "run", "--model", Fixtures.PathOf("lstm", "run.model.safetensors"), "--input", input, "--output", output);

        Assert.Equal(2, exit);
        Assert.Empty(Directory.GetFiles(_directory, "out.csv*"));
    }

    private static int Invoke(params string[] args) => PredictorCommands.Build().Parse(args).Invoke();
}
