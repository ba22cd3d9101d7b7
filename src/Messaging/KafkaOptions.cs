using System.CommandLine;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;

namespace StreamForecast.Messaging;

/// <summary>
/// Where the brokers are, and any client setting passed straight through to librdkafka: from the
/// <c>Kafka</c> configuration section (environment <c>Kafka__bootstrap.servers</c>, <c>Kafka__sasl.password</c>,
/// … with librdkafka's own names), then <c>--kafka name=value</c> and <c>--brokers</c>, which win.
/// </summary>
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

    public const string SectionName = "Kafka";

    public ClientConfig Client(ParseResult result, IConfiguration? configuration = null)
    {
        var config = new ClientConfig();
        foreach (IConfigurationSection setting in configuration?.GetSection(SectionName).GetChildren() ?? [])
        {
            config.Set(setting.Key, setting.Value);
        }

        config.BootstrapServers = BrokerAddress.Resolve(result.GetValue(Brokers) ?? config.BootstrapServers, result.GetValue(BootstrapFile));
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
