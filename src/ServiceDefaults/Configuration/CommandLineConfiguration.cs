using System.CommandLine;
using Microsoft.Extensions.Configuration;

namespace StreamForecast.ServiceDefaults.Configuration;

/// <summary>
/// A service's configuration: environment variables (<c>Predictor__Horizon</c>, <c>Kafka__bootstrap.servers</c>,
/// …), then the flags given on the command line, which win. A flag maps to one key, repeated values
/// joined with commas, or, for a dictionary, each <c>NAME=VALUE</c> to the key <c>Key:NAME</c>.
/// </summary>
internal static class CommandLineConfiguration
{
    public static IConfiguration Build(ParseResult result, IEnumerable<FlagKey> flags)
    {
        var given = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (FlagKey flag in flags)
        {
            if (result.GetResult(flag.Option) is not { Implicit: false } option)
            {
                continue;
            }

            if (flag.Pairs)
            {
                foreach (string token in option.Tokens.Select(token => token.Value))
                {
                    string[] pair = token.Split('=', 2);
                    if (pair.Length != 2 || pair[0].Trim().Length == 0)
                    {
                        throw new FormatException($"{option.Option.Name} '{token}' is not NAME=VALUE");
                    }

                    given[$"{flag.Key}:{pair[0].Trim()}"] = pair[1].Trim();
                }

                continue;
            }

            string value = option.Tokens.Count == 0 ? "true" : string.Join(',', option.Tokens.Select(token => token.Value));
            given[flag.Key] = flag.Convert is null ? value : flag.Convert(value);
        }

        return new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(given).Build();
    }
}
