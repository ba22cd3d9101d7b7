using YamlDotNet.RepresentationModel;

namespace StreamForecast.Deploy.Tests;

/// <summary>Files of the checkout, found above the test binaries.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>Parses a YAML file (the first document); throws with the position on a syntax error.</summary>
    public static YamlMappingNode Yaml(string relative)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(Read(relative));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string FindRoot()
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
