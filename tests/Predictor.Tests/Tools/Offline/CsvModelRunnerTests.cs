using StreamForecast.Forecasting.Tests;
using System.Globalization;
using StreamForecast.Engine.Checkpoints;
using StreamForecast.Engine.Inference;
using StreamForecast.Engine.Tests;
using StreamForecast.Predictor.Tools.Offline;

namespace StreamForecast.Predictor.Tests.Tools.Offline;

public sealed class CsvModelRunnerTests
{
    [Fact]
    public void Run_InterleavedSeries_ReproducesPyTorchRowByRow()
    {
        LstmCheckpoint checkpoint = LstmCheckpoint.Load(Fixtures.PathOf("lstm", "run.model.safetensors"));
        using var backend = new CpuLstmBackend(checkpoint.Parameters);
        using var input = new StreamReader(Fixtures.PathOf("lstm", "run.input.csv"));
        using var output = new StringWriter(CultureInfo.InvariantCulture);

        long rows = new CsvModelRunner(backend).Run(input, output, "run.input.csv");

        string[] expected = File.ReadAllLines(Fixtures.PathOf("lstm", "run.expected.csv"));
        string[] actual = output.ToString().TrimEnd('\n').Split('\n');
        Assert.Equal(expected.Length - 1, rows);
        Assert.Equal(expected[0], actual[0]);
        for (int line = 1; line < expected.Length; line++)
        {
            string[] e = expected[line].Split(','), a = actual[line].Split(',');
            Assert.Equal(e[..2], a[..2]);
            Numerics.AssertClose(
                [.. e[2..].Select(v => double.Parse(v, CultureInfo.InvariantCulture))],
                [.. a[2..].Select(v => float.Parse(v, CultureInfo.InvariantCulture))],
                1e-5,
                $"line {line}");
        }
    }

    [Theory]
    [InlineData("series,timestamp,x,x1,x2,volume\n", "data.csv:1: unknown column 'volume'")]
    [InlineData("series,timestamp,x,x1\n", "data.csv:1: header 'series,timestamp,x,x1' does not match the model's 3 inputs")]
    [InlineData("", "data.csv:1: the file is empty")]
    [InlineData("series,timestamp,x,x1,x2\nA,1,0.5,abc,1\n", "data.csv:2: column x1 value 'abc' is not a finite number")]
    [InlineData("series,timestamp,x,x1,x2\nA,1,0.5,1,1\nB,1,NaN,1,1\n", "data.csv:3: column x value 'NaN' is not a finite number")]
    [InlineData("series,timestamp,x,x1,x2\nA,1,0.5,1\n", "data.csv:2: 4 fields; 5 expected")]
    [InlineData("series,timestamp,x,x1,x2\n,1,0.5,1,1\n", "data.csv:2: series and timestamp must not be empty")]
    public void Run_BadInput_FailsNamingLineAndReason(string csv, string message)
    {
        LstmCheckpoint checkpoint = LstmCheckpoint.Load(Fixtures.PathOf("lstm", "run.model.safetensors"));
        using var backend = new CpuLstmBackend(checkpoint.Parameters);

        var error = Assert.Throws<InvalidDataException>(
            () => new CsvModelRunner(backend).Run(new StringReader(csv), TextWriter.Null, "data.csv"));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
