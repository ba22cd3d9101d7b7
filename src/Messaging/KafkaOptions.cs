using System.CommandLine;
using Confluent.Kafka;

namespace StreamForecast.Messaging;

/// <summary>Where the brokers are, and any client setting passed straight through to librdkafka.</summary>
internal sealed class KafkaOptions
{
    public Option<string?> Brokers { get; } = new("--brokers") { Description = "HOST:PORT,… (default: the address ./stream broker wrote, else localhost:9092)." };

    public Option<string?> BootstrapFile { get; } = new("--bootstrap-file") { Description = $"Where ./stream broker wrote its address (default {BrokerAddress.DefaultFile})." };

    public Option<string[]> Settings { get; } = new("--kafka") { Description = "A librdkafka setting as name=value (repeatable), e.g. security.protocol=SASL_SSL.", AllowMultipleArgumentsPerToken = false };

    public void AddTo(Command command)
    {
        command.Options.Add(Brokers);
        command.Options.Add(BootstrapFile);
        command.Options.Add(Settings);
    }

    public ClientConfig Client(ParseResult result)
    {
        var config = new ClientConfig { BootstrapServers = BrokerAddress.Resolve(result.GetValue(Brokers), result.GetValue(BootstrapFile)) };
        foreach (string setting in result.GetValue(Settings) ?? [])
        {
            string[] pair = setting.Split('=', 2);
            if (pair.Length != 2 || pair[0].Length == 0)
            {
                throw new FormatException($"--kafka '{setting}' is not name=value");
            }

            config.Set(pair[0].Trim(), pair[1].Trim());
        }

        return config;
    }
}
