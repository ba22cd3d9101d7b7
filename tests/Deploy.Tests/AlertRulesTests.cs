using System.Diagnostics;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace StreamForecast.Deploy.Tests;

/// <summary>The alerting rules load in Prometheus (promtool), each fires in its unit test and stays quiet in another, and asks only for metrics the code emits.</summary>
public sealed partial class AlertRulesTests
{
    private const string Rules = "deploy/prometheus/alerts.yml";
    private const string RuleTests = "deploy/prometheus/alerts.test.yml";

    [Theory]
    [InlineData("check", "rules", Rules)]
    [InlineData("test", "rules", RuleTests)]
    [InlineData("check", "config", "deploy/prometheus/prometheus.yml")]
    public void Promtool_AcceptsTheRulesTheirTestsAndTheConfig(string verb, string what, string file)
    {
        var (code, text) = Promtool(verb, what, Repository.PathOf(file));
        Assert.True(code == 0, $"promtool {verb} {what} {file}: exit {code}\n{text}");
        Assert.Contains("SUCCESS", text, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryAlert_HasATestWhereItFires_AndOneWhereItDoesNot()
    {
        string[] alerts = [.. Alerts().Select(alert => alert.Name)];
        Assert.Equal(7, alerts.Length);
        var fires = new HashSet<string>(StringComparer.Ordinal);
        var quiet = new HashSet<string>(StringComparer.Ordinal);
        foreach (YamlMappingNode test in ((YamlSequenceNode)Repository.Yaml(RuleTests)["tests"]).Children.Cast<YamlMappingNode>())
        {
            foreach (YamlMappingNode check in ((YamlSequenceNode)test["alert_rule_test"]).Children.Cast<YamlMappingNode>())
            {
                string name = ((YamlScalarNode)check["alertname"]).Value!;
                (((YamlSequenceNode)check["exp_alerts"]).Children.Count > 0 ? fires : quiet).Add(name);
            }
        }

        Assert.All(alerts, alert => Assert.True(fires.Contains(alert) && quiet.Contains(alert), $"{alert}: a test where it fires {fires.Contains(alert)}, where it does not {quiet.Contains(alert)}"));
    }

    [Fact]
    public void EveryMetricAnAlertAsksFor_IsOneTheCodeRegisters()
    {
        var emitted = Instruments.All().SelectMany(PrometheusNames.Of).ToHashSet(StringComparer.Ordinal);
        string[] unknown = [.. Alerts().SelectMany(alert => MetricName().Matches(alert.Expression).Select(match => match.Value)).Where(metric => !emitted.Contains(metric)).Distinct()];
        Assert.True(unknown.Length == 0, $"the alerts ask for metrics nobody emits: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void TheChartShipsTheSameRules()
    {
        Assert.Equal(Repository.Read(Rules), Repository.Read("deploy/helm/stream/files/alerts.yml"));
        Assert.Contains("Files.Get \"files/alerts.yml\"", Repository.Read("deploy/helm/stream/templates/alerts.yaml"), StringComparison.Ordinal);
        Assert.Contains("./deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro", Repository.Read("docker-compose.yml"), StringComparison.Ordinal);
    }

    private static IEnumerable<(string Name, string Expression)> Alerts() =>
        ((YamlSequenceNode)Repository.Yaml(Rules)["groups"]).Children.Cast<YamlMappingNode>()
            .SelectMany(group => ((YamlSequenceNode)group["rules"]).Children.Cast<YamlMappingNode>())
            .Select(rule => (((YamlScalarNode)rule["alert"]).Value!, ((YamlScalarNode)rule["expr"]).Value!));

    private static (int Code, string Text) Promtool(params string[] arguments)
    {
        var info = new ProcessStartInfo("promtool") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(info) ?? throw new InvalidOperationException("promtool did not start (./stream test installs prometheus)");
        Task<string> error = process.StandardError.ReadToEndAsync();
        string text = process.StandardOutput.ReadToEnd() + error.GetAwaiter().GetResult();
        process.WaitForExit();
        return (process.ExitCode, text);
    }

    [GeneratedRegex(@"\bstream_[a-z_]+")]
    private static partial Regex MetricName();
}
