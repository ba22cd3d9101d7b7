using System.CommandLine;
using System.Diagnostics;
using StreamForecast.ServiceDefaults.Configuration;

namespace StreamForecast.Deploy.Tests;

/// <summary>Every verb answers --help with its usage, under the name a user types, and does nothing else.</summary>
public sealed class CommandHelpTests
{
    public static TheoryData<string, string> Verbs() => CommandTree.Verbs();

    [Theory]
    [MemberData(nameof(Verbs))]
    public void EveryServiceVerb_Help_PrintsItsUsageAsTheStreamScriptRunsIt(string service, string verb)
    {
        RootCommand root = CommandTree.Roots().Single(pair => pair.Service == service).Root;
        var output = new StringWriter();
        var error = new StringWriter();

        int code = SafeCommandLine.Invoke(root, [.. verb.Split(' '), "--help"], output, error, shownAs: $"./stream {service}");

        Assert.Equal(0, code);
        Assert.Contains($"Usage:\n  ./stream {service} {verb}", output.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("StreamForecast.", output.ToString(), StringComparison.Ordinal);
        Assert.Equal("", error.ToString());
    }

    [Theory]
    [InlineData("retrain")]
    [InlineData("experiments")]
    [InlineData("demo")]
    [InlineData("test")]
    [InlineData("build")]
    public void EveryScriptVerb_Help_PrintsItsUsage_AndTouchesNothing(string verb)
    {
        string models = Repository.PathOf("models");
        Dictionary<string, DateTime> before = Directory.GetFiles(models).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        var start = new ProcessStartInfo("bash", [Repository.PathOf("stream"), verb, "--help"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        var clock = Stopwatch.StartNew();

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd(), error = process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(0, process.ExitCode);
        Assert.StartsWith($"Usage: ./stream {verb}", output, StringComparison.Ordinal);
        Assert.Equal("", error);
        Assert.Equal(before, Directory.GetFiles(models).ToDictionary(f => f, File.GetLastWriteTimeUtc));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"--help took {clock.Elapsed}: it did more than print its usage");
    }
}
