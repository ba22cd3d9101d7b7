using StreamForecast.Engine.Checkpoints;

namespace StreamForecast.Engine.Tests;

/// <summary>Golden files written by tools/golden/generate_lstm_fixtures.py (PyTorch, float64).</summary>
internal static class Fixtures
{
    public static readonly string[] LstmCases = ["textbook", "odd3x37", "tiny", "wide"];

    public static string PathOf(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public static LstmCheckpoint Model(string name) => LstmCheckpoint.Load(PathOf("lstm", $"{name}.model.safetensors"));

    public static SafeTensorFile Expected(string name) => SafeTensors.Read(PathOf("lstm", $"{name}.expected.safetensors"));

    /// <summary>The checkout (tools/), found above the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Stream.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Stream.sln not found above the test directory.");
    }
}
