using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using StreamForecast.Ingest.Replay;
using StreamForecast.Predictor.Service;
using StreamForecast.ServiceDefaults.Configuration;
using StreamForecast.ServiceDefaults.Health;
using YamlDotNet.RepresentationModel;

namespace StreamForecast.Deploy.Tests;

/// <summary>
/// docker-compose.yml, checked without Docker: valid YAML, every built or mounted file exists, every
/// image tag pinned, every environment variable a key the services read (and valid for them), and
/// start order by health.
/// </summary>
public sealed partial class ComposeTests
{
    private static readonly YamlMappingNode Compose = Repository.Yaml("docker-compose.yml");

    private static IEnumerable<(string Name, YamlMappingNode Service)> Services =>
        ((YamlMappingNode)Compose["services"]).Children.Select(pair => (((YamlScalarNode)pair.Key).Value!, (YamlMappingNode)pair.Value));

    [Fact]
    public void Compose_HasTheWholeStack()
    {
        string[] names = [.. Services.Select(s => s.Name)];
        Assert.Equal(["finetune", "grafana", "ingest", "kafka", "otel-collector", "predictor", "prometheus", "topic-init"], names.Order());
    }

    [Fact]
    public void Compose_FineTuningIsAProfile_AndItsTopicsAreCreatedLikeTheStateTopic()
    {
        YamlMappingNode finetune = Services.Single(s => s.Name == "finetune").Service;
        Assert.Equal("finetune", Scalar(((YamlSequenceNode)finetune["profiles"]).Children[0]));
        Assert.Equal("finetune", Scalar(((YamlSequenceNode)finetune["command"]).Children[0]));
        string init = Scalar(((YamlSequenceNode)Services.Single(s => s.Name == "topic-init").Service["command"]).Children[0]);
        Assert.Contains("--topic predictor.models", init, StringComparison.Ordinal);
        Assert.Contains("--partitions 1 --replication-factor 1 --config cleanup.policy=compact --config max.message.bytes=16777216", init, StringComparison.Ordinal);
        Assert.Contains("create predictions.challenger.1m", init, StringComparison.Ordinal);
        Assert.Contains("create predictor.models.dlq", init, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_EveryBuiltOrMountedFileExists()
    {
        int checkedFiles = 0;
        foreach (var (name, service) in Services)
        {
            if (service.Children.TryGetValue("build", out YamlNode? build))
            {
                var spec = (YamlMappingNode)build;
                string context = Scalar(spec["context"]);
                string dockerfile = Path.Combine(context, Scalar(spec["dockerfile"]));
                Assert.True(File.Exists(Repository.PathOf(dockerfile)), $"{name}: {dockerfile} does not exist");
                foreach (string source in CopiedPaths(Repository.Read(dockerfile)))
                {
                    Assert.True(Path.Exists(Repository.PathOf(Path.Combine(context, source))), $"{name}: {dockerfile} copies {source}, which does not exist");
                    checkedFiles++;
                }
            }

            if (service.Children.TryGetValue("volumes", out YamlNode? volumes))
            {
                foreach (string volume in ((YamlSequenceNode)volumes).Select(Scalar))
                {
                    string host = volume.Split(':')[0];
                    Assert.StartsWith("./", host);
                    Assert.True(Path.Exists(Repository.PathOf(host[2..])), $"{name}: mounts {host}, which does not exist");
                    checkedFiles++;
                }
            }
        }

        Assert.True(checkedFiles >= 8, $"only {checkedFiles} files checked");
    }

    [Fact]
    public void Compose_ImageTagsArePinned_InComposeAndDockerfiles()
    {
        var images = Services.Where(s => s.Service.Children.ContainsKey("image")).Select(s => (s.Name, Image: Scalar(s.Service["image"]))).ToList();
        images.AddRange(Directory.GetFiles(Repository.PathOf("src"), "Dockerfile", SearchOption.AllDirectories)
            .SelectMany(file => FromLine().Matches(File.ReadAllText(file)).Select(match => (Path.GetFileName(Path.GetDirectoryName(file))!, match.Groups[1].Value))));
        Assert.True(images.Count >= 9);
        foreach (var (name, image) in images)
        {
            Assert.Matches(PinnedTag(), image);
        }
    }

    [Fact]
    public void Compose_EveryEnvironmentVariable_IsAKeyTheServicesRead()
    {
        foreach (string service in new[] { "predictor", "ingest" })
        {
            foreach (var (name, value) in Environment(service))
            {
                Assert.Null(ConfigurationKeys.Problem(name, value));
            }
        }
    }

    [Fact]
    public void Compose_ServiceEnvironment_BindsAndValidates_AndNamesShippedFiles()
    {
        IConfiguration predictor = Configuration("predictor");
        PredictorOptions options = OptionsBinding.Bind(predictor, PredictorOptions.SectionName, new PredictorOptionsValidator());
        OptionsBinding.Bind(predictor, HealthOptions.SectionName, new HealthOptionsValidator());
        string[] models = [options.Model, .. options.ModelFor.Values];
        Assert.Equal(["BTC-USD", "EUR/USD"], options.ModelFor.Keys);
        Assert.EndsWith("global-lstm-2x100.safetensors", options.Model, StringComparison.Ordinal);
        Assert.All(models, model => Assert.True(File.Exists(Repository.PathOf(model.Replace("/app/", "", StringComparison.Ordinal))), $"{model} is not in models/"));

        IConfiguration ingest = Configuration("ingest");
        IngestOptions replay = OptionsBinding.Bind(ingest, IngestOptions.SectionName, new IngestOptionsValidator());
        string[] files = replay.Data.Split(',');
        Assert.Equal(files.Length, replay.Series.Split(',').Length);
        Assert.All(files, file => Assert.True(File.Exists(Repository.PathOf(file.Replace("/app/", "", StringComparison.Ordinal))), $"{file} is not in data/"));
    }

    [Fact]
    public void Compose_DependsOn_WaitsForHealthOrCompletion()
    {
        var byName = Services.ToDictionary(s => s.Name, s => s.Service);
        foreach (var (name, service) in Services)
        {
            if (!service.Children.TryGetValue("depends_on", out YamlNode? dependsOn))
            {
                continue;
            }

            foreach (var (dependency, spec) in ((YamlMappingNode)dependsOn).Children.Select(p => (Scalar(p.Key), (YamlMappingNode)p.Value)))
            {
                string condition = Scalar(spec["condition"]);
                Assert.Matches("^(service_healthy|service_completed_successfully|service_started)$", condition);
                if (condition == "service_healthy")
                {
                    Assert.True(byName[dependency].Children.ContainsKey("healthcheck"), $"{name} waits for {dependency} to be healthy, but it has no healthcheck");
                }
            }
        }

        Assert.Equal("service_healthy", Scalar(((YamlMappingNode)((YamlMappingNode)byName["ingest"]["depends_on"])["predictor"])["condition"]));
    }

    private static IEnumerable<(string Name, string Value)> Environment(string service)
    {
        var environment = (YamlMappingNode)Services.Single(s => s.Name == service).Service["environment"];
        // YamlDotNet keeps the merge key (<<) as a child: expand the anchor it points to.
        foreach (var (key, value) in environment.Children)
        {
            if (Scalar(key) == "<<")
            {
                foreach (var (inner, innerValue) in ((YamlMappingNode)value).Children)
                {
                    yield return (Scalar(inner), Scalar(innerValue));
                }
            }
            else
            {
                yield return (Scalar(key), Scalar(value));
            }
        }
    }

    private static IConfiguration Configuration(string service) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(Environment(service).Select(pair => new KeyValuePair<string, string?>(pair.Name.Replace("__", ":", StringComparison.Ordinal), pair.Value)))
            .Build();

    private static IEnumerable<string> CopiedPaths(string dockerfile) =>
        CopyLine().Matches(dockerfile).SelectMany(match => match.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1]);

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value!;

    // COPY without --from copies from the build context.
    [GeneratedRegex(@"^COPY (?!--from)(.+)$", RegexOptions.Multiline)]
    private static partial Regex CopyLine();

    [GeneratedRegex(@"^FROM (\S+)", RegexOptions.Multiline)]
    private static partial Regex FromLine();

    // registry/name:tag where the tag has a version number and is not "latest".
    [GeneratedRegex(@"^[\w./-]+:(?!latest)v?\d+(\.\d+)+[\w.-]*$")]
    private static partial Regex PinnedTag();
}
