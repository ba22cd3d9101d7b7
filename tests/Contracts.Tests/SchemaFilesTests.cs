using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;

namespace StreamForecast.Contracts.Tests;

/// <summary>
/// The published JSON Schemas (src/Contracts/schemas) are generated from the message types; this fails
/// when a type changes and its schema was not regenerated (run with STREAM_UPDATE_SCHEMAS=1 to rewrite).
/// </summary>
public sealed class SchemaFilesTests
{
    public static TheoryData<string> Messages => new([nameof(MinuteBar), nameof(Prediction), nameof(Score), nameof(SeriesMetrics)]);

    [Theory]
    [MemberData(nameof(Messages))]
    public void SchemaFile_MatchesTheMessageType(string message)
    {
        Type type = message switch
        {
            nameof(MinuteBar) => typeof(MinuteBar),
            nameof(Prediction) => typeof(Prediction),
            nameof(Score) => typeof(Score),
            _ => typeof(SeriesMetrics),
        };
        JsonNode schema = JsonSchemaExporter.GetJsonSchemaAsNode(ContractsJson.Default.Options, type);
        schema["$id"] = $"https://stream.example/schemas/{message}.schema.json";
        string expected = schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        string path = Path.Combine(ContractsDirectory(), "schemas", $"{message}.schema.json");
        if (Environment.GetEnvironmentVariable("STREAM_UPDATE_SCHEMAS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run the tests with STREAM_UPDATE_SCHEMAS=1");
        Assert.Equal(expected, File.ReadAllText(path));
    }

    [Fact]
    public void Prediction_SerialisesCamelCaseWithSchemaVersion()
    {
        var prediction = new Prediction("BTC-USD", 1497830460, 2516.54, "btcusd-lstm-2x100", "1", 2, [2516.6, 2516.7], [new BaselineForecast("naive", 2516.54, 0)], [new PredictionInterval(80, [0.5, null])]);

        string json = JsonSerializer.Serialize(prediction, ContractsJson.Default.Prediction);
        Prediction? back = JsonSerializer.Deserialize(json, ContractsJson.Default.Prediction);

        Assert.StartsWith("{\"series\":\"BTC-USD\",\"asOf\":1497830460,\"close\":2516.54,", json, StringComparison.Ordinal);
        Assert.Contains("\"schemaVersion\":3", json, StringComparison.Ordinal);
        Assert.Equal(prediction.Lstm, back!.Lstm);
        Assert.Equal(2516.54, back.Baselines[0].Close(3));
        Assert.Equal([0.5, null], back.Intervals![0].HalfWidths);
    }

    private static string ContractsDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "src", "Contracts");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("src/Contracts not found above the test directory.");
    }
}
