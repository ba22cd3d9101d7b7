using System.CommandLine;

var root = new RootCommand("Stream ingest: replays historical minute bars into Kafka (see the Kafka pipeline issue).");
return root.Parse(args).Invoke();
