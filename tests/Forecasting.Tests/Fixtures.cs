namespace StreamForecast.Forecasting.Tests;

/// <summary>Test inputs: committed fixtures next to the binaries, and the checkout's bundled data/ and models/.</summary>
internal static class Fixtures
{
    public static string PathOf(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    /// <summary>The checkout (bundled data/, models/), found above the test binaries.</summary>
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

    public static string Data(string file) => Path.Combine(RepositoryRoot(), "data", file);
}
