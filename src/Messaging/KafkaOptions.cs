using System.CommandLine;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;

namespace StreamForecast.Messaging;

/// <summary>
/// Where the brokers are, and any client setting passed straight through to librdkafka: from the
/// <c>Kafka</c> configuration section (environment <c>Kafka__bootstrap.servers</c>, <c>Kafka__sasl.password</c>,
/// … with librdkafka's own names), then <c>--kafka name=value</c> and <c>--brokers</c>, which win. Every
/// setting is checked by librdkafka at start. Secrets belong in the environment (or a file the environment
/// names), not on the command line, where <c>ps</c> shows them.
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
            if (pair.Length != 2 || pair[0].Trim().Length == 0)
            {
                throw new FormatException($"--kafka {LikelyName(setting)}is not name=value (the text is not shown: it may hold a secret)");
            }

            config.Set(pair[0].Trim(), pair[1].Trim());
        }

        Check(config);
        return config;
    }

    /// <summary>The client settings, refused with what to do when no broker of them answers (a tool that needs one now).</summary>
    public ClientConfig ReachableClient(ParseResult result, IConfiguration? configuration = null)
    {
        ClientConfig config = Client(result, configuration);
        if (BrokerProbe.Unreachable(config.BootstrapServers, BrokerProbe.DefaultTimeout) is { } problem)
        {
            throw new IOException(problem);
        }

        return config;
    }

    /// <summary>
    /// Asks librdkafka about every setting before any client is built, so a misspelled name or a bad value
    /// stops the start with the key named; a value is never shown (it may be a password).
    /// </summary>
    public static void Check(ClientConfig config)
    {
        foreach (var (name, value) in config)
        {
            if (KafkaSettingCheck.Problem(name, value ?? "") is { } problem)
            {
                string said = string.IsNullOrEmpty(value) ? problem : problem.Replace(value, "***", StringComparison.Ordinal);
                throw new FormatException($"Kafka setting '{name}': {said}");
            }
        }
    }

    /// <summary>"'sasl.password' " for "sasl.password:S3cret" (a name before a colon), else nothing of the token.</summary>
    private static string LikelyName(string token)
    {
        string head = token.Split(':', 2)[0].Trim();
        return head.Length < token.Length && head.Length > 0 && head.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_')
            ? $"'{head}' (use '=', not ':') "
            : "";
    }
}
