using System.CommandLine;

namespace StreamForecast.Ingest.Cli;

/// <summary>The ingest command line: <c>replay</c> and <c>broker</c>.</summary>
internal static class IngestCommands
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Stream ingest: replays historical minute bars into Kafka.");
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(BrokerCommand.Create());
        return root;
    }
}
