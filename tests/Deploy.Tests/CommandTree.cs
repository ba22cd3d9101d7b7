using System.CommandLine;
using StreamForecast.Ingest.Cli;
using StreamForecast.Predictor.Tools.Cli;

namespace StreamForecast.Deploy.Tests;

/// <summary>Both services' command lines, and every verb path in them ("model info", "serve", …).</summary>
internal static class CommandTree
{
    public static IEnumerable<(string Service, RootCommand Root)> Roots() => [("predictor", PredictorCommands.Build()), ("ingest", IngestCommands.Build())];

    /// <summary>(service, verb path) for every verb of both services, for a theory.</summary>
    public static TheoryData<string, string> Verbs()
    {
        var verbs = new TheoryData<string, string>();
        foreach (var (service, root) in Roots())
        {
            foreach (string verb in Paths(root, ""))
            {
                verbs.Add(service, verb);
            }
        }

        return verbs;
    }

    public static IEnumerable<string> Paths(Command command, string prefix)
    {
        foreach (Command sub in command.Subcommands)
        {
            string path = $"{prefix} {sub.Name}".Trim();
            yield return path;
            foreach (string deeper in Paths(sub, path))
            {
                yield return deeper;
            }
        }
    }
}
