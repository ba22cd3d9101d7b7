using System.CommandLine;
using StreamForecast.Ingest.Cli;
using StreamForecast.Predictor.Tools.Cli;

namespace StreamForecast.Deploy.Tests;

/// <summary>Both services' command lines, and every verb path in them ("model info", "serve", …).</summary>
internal static class CommandTree
{
    public static IEnumerable<(string Service, RootCommand Root)> Roots() => [("predictor", PredictorCommands.Build()), ("ingest", IngestCommands.Build())];

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
