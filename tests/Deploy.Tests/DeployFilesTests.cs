using YamlDotNet.RepresentationModel;

namespace StreamForecast.Deploy.Tests;

/// <summary>Every YAML file parses (duplicate keys included), and the ports that join the stack agree.</summary>
public sealed class DeployFilesTests
{
    [Fact]
    public void EveryYamlFile_Parses()
    {
        string[] files = [.. Directory.GetFiles(Repository.PathOf("deploy"), "*.y*ml", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}templates{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(file => Path.GetRelativePath(Repository.Root, file))
            .Append("docker-compose.yml")];
        Assert.True(files.Length >= 7, string.Join(", ", files));
        foreach (string file in files)
        {
            var exception = Record.Exception(() => Repository.Yaml(file));
            Assert.True(exception is null, $"{file}: {exception?.Message}");
        }
    }

    [Fact]
    public void Ports_ServicesExportWhereTheCollectorListens_AndPrometheusScrapesWhereItExports()
    {
        YamlMappingNode collector = Repository.Yaml("deploy/otel-collector/config.yaml");
        string grpc = Scalar(collector, "receivers", "otlp", "protocols", "grpc", "endpoint");
        string exporter = Scalar(collector, "exporters", "prometheus", "endpoint");
        string compose = Repository.Read("docker-compose.yml");
        Assert.Contains($"OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector:{grpc.Split(':')[1]}", compose, StringComparison.Ordinal);
        Assert.Contains("OTEL_EXPORTER_OTLP_PROTOCOL: grpc", compose, StringComparison.Ordinal);
        Assert.Contains($"otel-collector:{exporter.Split(':')[1]}", Repository.Read("deploy/prometheus/prometheus.yml"), StringComparison.Ordinal);
        Assert.Contains("url: http://prometheus:9090", Repository.Read("deploy/grafana/provisioning/datasources/prometheus.yaml"), StringComparison.Ordinal);
        var metrics = (YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)collector["service"])["pipelines"])["metrics"])["exporters"];
        Assert.Contains(metrics, node => ((YamlScalarNode)node).Value == "prometheus");
    }

    private static string Scalar(YamlMappingNode root, params string[] path)
    {
        YamlNode node = root;
        foreach (string key in path)
        {
            node = ((YamlMappingNode)node)[key];
        }

        return ((YamlScalarNode)node).Value!;
    }
}
