using System.CommandLine;
using StreamForecast.ServiceDefaults.Configuration;

namespace StreamForecast.Deploy.Tests;

/// <summary>A mistyped flag or a stray word never prints a secret given beside it, in any verb of either service.</summary>
public sealed class CommandLineSecretsTests
{
    private static readonly string[] Secrets = ["SeCrEt123", "Hunter2x", "T0kenValue"];

    public static TheoryData<string, string> Verbs() => CommandTree.Verbs();

    [Theory]
    [MemberData(nameof(Verbs))]
    public void AParseError_MasksEverySecretValue(string service, string verb)
    {
        RootCommand root = CommandTree.Roots().Single(pair => pair.Service == service).Root;
        string[] args = [.. verb.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--kafak", "sasl.password=SeCrEt123", "ssl.key.password=Hunter2x", "--api-token", "T0kenValue"];
        var output = new StringWriter();
        var error = new StringWriter();

        int code = SafeCommandLine.Invoke(root, args, output, error);

        string printed = $"{output}{error}";
        Assert.NotEqual(0, code);
        Assert.Contains("sasl.password=***", printed);
        Assert.All(Secrets, secret => Assert.DoesNotContain(secret, printed));
    }

    [Fact]
    public void Redact_LeavesOrdinaryValuesAlone()
    {
        string text = "Unrecognized command or argument 'bootstrap.servers=kafka:9092'. Unrecognized command or argument 'sasl.username=me'.";

        Assert.Equal(text, SafeCommandLine.Redact(text, ["bootstrap.servers=kafka:9092", "--horizon", "10"]));
        Assert.Contains("sasl.username=***", SafeCommandLine.Redact(text, ["sasl.username=me"]));
    }
}
