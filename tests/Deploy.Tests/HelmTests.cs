using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace StreamForecast.Deploy.Tests;

/// <summary>
/// deploy/helm/stream, checked without Helm: the values templates use exist and every value is used,
/// template actions balance and includes are defined, environment names are keys the services read,
/// and the chart's images match the compose file's. CI also runs <c>helm lint</c> where helm is installed.
/// </summary>
public sealed partial class HelmTests
{
    private const string Chart = "deploy/helm/stream";

    private static readonly Dictionary<string, string> Templates = Directory.GetFiles(Repository.PathOf($"{Chart}/templates"))
        .ToDictionary(file => Path.GetFileName(file), File.ReadAllText);

    [Fact]
    public void Chart_EveryValueATemplateUses_Exists_AndEveryValueIsUsed()
    {
        YamlMappingNode values = Repository.Yaml($"{Chart}/values.yaml");
        string[] used = [.. Templates.Values.SelectMany(text => ValuesReference().Matches(text).Select(match => match.Groups[1].Value)).Distinct()];
        Assert.NotEmpty(used);
        foreach (string path in used)
        {
            Assert.True(Resolve(values, path) is not null, $"templates use .Values.{path}, which values.yaml does not define");
        }

        string[] unused = [.. Leaves(values, "").Where(leaf => !used.Any(path => leaf == path || leaf.StartsWith(path + ".", StringComparison.Ordinal)))];
        Assert.True(unused.Length == 0, $"values.yaml keys no template uses: {string.Join(", ", unused)}");
    }

    [Fact]
    public void Chart_TemplateActionsBalance_AndIncludesAreDefined()
    {
        string[] defined = [.. Templates.Values.SelectMany(text => Define().Matches(text).Select(match => match.Groups[1].Value))];
        foreach (var (file, text) in Templates)
        {
            Assert.Equal(Count(text, "{{"), Count(text, "}}"));
            int opened = Opening().Count(text), closed = End().Count(text);
            Assert.True(opened == closed, $"{file}: {opened} if/range/with/define blocks but {closed} ends");
            foreach (Match include in Include().Matches(text))
            {
                Assert.Contains(include.Groups[1].Value, defined);
            }
        }
    }

    [Fact]
    public void Chart_EnvironmentNames_AreKeysTheServicesRead()
    {
        YamlMappingNode values = Repository.Yaml($"{Chart}/values.yaml");
        string bootstrap = ((YamlScalarNode)Resolve(values, "kafka.bootstrapServers")!).Value!;
        string[] names = [.. Templates.Values.SelectMany(text => EnvironmentName().Matches(text).Select(match => match.Groups[1].Value)).Distinct()];
        Assert.Contains("Predictor__Model", names);
        Assert.Contains("Ingest__Data", names);
        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", names);
        foreach (string name in names)
        {
            Assert.Null(ConfigurationKeys.Problem(name, name == "Kafka__bootstrap.servers" ? bootstrap : "1"));
        }
    }

    [Fact]
    public void Chart_Images_MatchTheComposeImagesAndTheAppVersion_AndSecretsComeOnlyFromASecret()
    {
        YamlMappingNode values = Repository.Yaml($"{Chart}/values.yaml");
        string appVersion = ((YamlScalarNode)Repository.Yaml($"{Chart}/Chart.yaml")["appVersion"]).Value!;
        string compose = Repository.Read("docker-compose.yml");
        foreach (string component in new[] { "predictor", "ingest" })
        {
            string repository = ((YamlScalarNode)Resolve(values, $"{component}.image.repository")!).Value!;
            string tag = ((YamlScalarNode)Resolve(values, $"{component}.image.tag")!).Value!;
            Assert.Equal(appVersion, tag);
            Assert.Contains($"image: {repository}:{tag}", compose, StringComparison.Ordinal);
        }

        Assert.DoesNotMatch(@"(?i)(password|secret|sasl\.|ssl\.key)[^\n]*:\s*\S", Regex.Replace(Repository.Read($"{Chart}/values.yaml"), "(?m)^\\s*#.*$|existingSecret: \"\"", ""));
        Assert.Contains("secretRef", Templates["_helpers.tpl"], StringComparison.Ordinal);
    }

    private static YamlNode? Resolve(YamlMappingNode root, string path)
    {
        YamlNode node = root;
        foreach (string key in path.Split('.'))
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? child))
            {
                return null;
            }

            node = child;
        }

        return node;
    }

    private static IEnumerable<string> Leaves(YamlMappingNode node, string prefix)
    {
        foreach (var (key, value) in node.Children)
        {
            string path = prefix + ((YamlScalarNode)key).Value;
            if (value is YamlMappingNode { Children.Count: > 0 } mapping)
            {
                foreach (string leaf in Leaves(mapping, path + "."))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return path;
            }
        }
    }

    private static int Count(string text, string what) => Regex.Count(text, Regex.Escape(what));

    [GeneratedRegex(@"\.Values\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)")]
    private static partial Regex ValuesReference();

    [GeneratedRegex(@"\{\{-?\s*define\s+""([^""]+)""")]
    private static partial Regex Define();

    [GeneratedRegex(@"include\s+""([^""]+)""")]
    private static partial Regex Include();

    [GeneratedRegex(@"\{\{-?\s*(if|range|with|define)\b")]
    private static partial Regex Opening();

    [GeneratedRegex(@"\{\{-?\s*end\s*-?\}\}")]
    private static partial Regex End();

    [GeneratedRegex(@"-\s+name:\s+((?:OTEL_[A-Z_]+)|(?:[A-Za-z]+__[A-Za-z0-9._]+))\s*$", RegexOptions.Multiline)]
    private static partial Regex EnvironmentName();
}
