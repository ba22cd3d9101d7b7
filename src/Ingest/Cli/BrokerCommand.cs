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
            // Written whole, then moved into place: a reader never sees half an address.
            await File.WriteAllTextAsync(path + ".tmp", cluster.BootstrapServers + "\n", cancellation).ConfigureAwait(false);
            File.Move(path + ".tmp", path, overwrite: true);
            Console.WriteLine(cluster.BootstrapServers);
            Console.Error.WriteLine($"broker: {cluster.Brokers} mock brokers (librdkafka {KafkaNative.Version}), topics with {result.GetValue(partitions)} partitions; address written to {path}; 'down N' / 'up N' on stdin take broker N down and up; Ctrl-C stops");
            _ = Task.Run(() => Control(cluster, cancellation), cancellation);
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

    /// <summary>Fault drills from stdin: "down 2" takes broker 2 down, "up 2" brings it back.</summary>
    private static void Control(MockCluster cluster, CancellationToken cancellation)
    {
        string? line;
        while (!cancellation.IsCancellationRequested && (line = Console.In.ReadLine()) is not null)
        {
            string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 2 && int.TryParse(words[1], System.Globalization.CultureInfo.InvariantCulture, out int broker) && words[0] is "down" or "up")
            {
                try
                {
                    if (words[0] == "down")
                    {
                        cluster.SetBrokerDown(broker);
                    }
                    else
                    {
                        cluster.SetBrokerUp(broker);
                    }

                    Console.Error.WriteLine($"broker: {broker} {words[0]}");
                }
                catch (InvalidOperationException ex)
                {
                    Console.Error.WriteLine($"broker: {ex.Message}");
                }
            }
        }
    }
}
