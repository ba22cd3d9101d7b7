using System.CommandLine;
using StreamForecast.Messaging;

namespace StreamForecast.Ingest.Cli;

/// <summary><c>broker [--bootstrap-file FILE]</c>: an embedded mock Kafka cluster for one machine, until Ctrl-C.</summary>
internal static class BrokerCommand
{
    public static Command Create()
    {
        var file = new Option<string>("--bootstrap-file") { Description = "Where to write the bootstrap address.", DefaultValueFactory = _ => BrokerAddress.DefaultFile };
        var brokers = new Option<int>("--brokers") { Description = "Mock brokers.", DefaultValueFactory = _ => 3 };
        var partitions = new Option<int>("--partitions") { Description = "Partitions per topic.", DefaultValueFactory = _ => 8 };
        var command = new Command("broker", "Hosts librdkafka's mock Kafka cluster (real protocol on loopback, in memory) with Stream's topics.")
        {
            file, brokers, partitions,
        };
        command.SetAction(async (result, cancellation) =>
        {
            using var cluster = new MockCluster(result.GetValue(brokers));
            cluster.CreateStreamTopics(result.GetValue(partitions));

            string path = result.GetValue(file)!;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.WriteAllTextAsync(path, cluster.BootstrapServers + "\n", cancellation).ConfigureAwait(false);
            Console.WriteLine(cluster.BootstrapServers);
            Console.Error.WriteLine($"broker: {cluster.Brokers} mock brokers (librdkafka {KafkaNative.Version}), topics with {result.GetValue(partitions)} partitions; address written to {path}; Ctrl-C stops");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C or SIGTERM: the cluster and its data go with the process.
            }

            File.Delete(path);
            return 0;
        });
        return command;
    }
}
