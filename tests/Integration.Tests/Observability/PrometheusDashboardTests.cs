using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using StreamForecast.Contracts;
using StreamForecast.Forecasting.Tests;
using StreamForecast.Integration.Tests.Chaos;
using Xunit.Abstractions;

namespace StreamForecast.Integration.Tests.Observability;

/// <summary>
/// Every expression of every panel of the Grafana dashboard, run by a real Prometheus (Debian's 2.42) that scrapes the
/// predictor's and the replay's <c>/metrics</c>: a run of both bundled series with a restart (a restore), a bad bar (a
/// dead letter) and a challenger in shadow. Each expression must return a series with a finite value.
/// </summary>
public sealed class PrometheusDashboardTests(ITestOutputHelper output) : IDisposable
{
    private readonly ProcessPipeline _pipeline = new();

    public void Dispose() => _pipeline.Dispose();

    [Fact]
    public async Task EveryDashboardExpression_ReturnsFiniteSeries_FromARealPrometheusScrapingTheServices()
    {
        Assert.True(PrometheusServer.Installed(), "Debian's prometheus is not installed (./stream test installs it: apt-get install prometheus)");
        int predictorPort = PrometheusServer.FreePort(), ingestPort = PrometheusServer.FreePort();
        using var prometheus = new PrometheusServer(new Dictionary<string, string>
        {
            ["stream-predictor"] = $"127.0.0.1:{predictorPort}",
            ["stream-ingest"] = $"127.0.0.1:{ingestPort}",
        });
        string[] metrics = ["--metrics-urls", $"http://127.0.0.1:{predictorPort}"];
        var (published, log) = _pipeline.Run("model", "publish", ProcessPipeline.ModelFile("global-lstm-2x100.safetensors"), "--route", "default", "--challenger", "--start-at", "2017-06-22T00:00");
        Assert.True(published == 0, log);

        // A first member forecasts a day, then gives way to a second, which restores the series' state.
        Process first = _pipeline.StartPredictor(metrics);
        await Task.Delay(3000);
        await _pipeline.StartReplay("2017-06-21", "2017-06-21", "max").WaitForExitAsync();
        await Task.Delay(6000);
        ProcessPipeline.Terminate(first);
        Process second = _pipeline.StartPredictor(metrics);
        using (IProducer<string, byte[]> producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = _pipeline.Brokers }).Build())
        {
            producer.Produce(TopicNames.Bars, new Message<string, byte[]> { Key = "BTC-USD", Value = Encoding.UTF8.GetBytes("not a bar") });
            producer.Flush(TimeSpan.FromSeconds(10));
        }

        // The next day, paced, its own /metrics scraped while it runs; the moment every panel is evaluated at.
        Process replay = _pipeline.StartReplay("2017-06-22", "2017-06-22", "2000x", "--metrics-urls", $"http://127.0.0.1:{ingestPort}");
        await Task.Delay(TimeSpan.FromSeconds(25));
        DateTimeOffset at = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(3));

        var failures = new List<string>();
        foreach (var (panel, expression) in Expressions())
        {
            List<(string Labels, double Value)> series = prometheus.Query(expression.Replace("$series", ".*", StringComparison.Ordinal), at);
            int finite = series.Count(s => double.IsFinite(s.Value));
            output.WriteLine($"{finite,4} of {series.Count,4} series finite | {panel} | {expression}");
            if (finite == 0)
            {
                failures.Add($"panel '{panel}': {expression} returned {series.Count} series, none finite");
            }
        }

        await replay.WaitForExitAsync();
        ProcessPipeline.Terminate(second);
        Assert.True(failures.Count == 0, $"{string.Join('\n', failures)}\ntargets: {prometheus.Targets()}\n{_pipeline.Logs()}");
    }

    /// <summary>Every target expression of every panel: (panel title, PromQL).</summary>
    private static IEnumerable<(string Panel, string Expression)> Expressions()
    {
        using JsonDocument dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures.RepositoryRoot(), "deploy", "grafana", "dashboards", "stream.json")));
        return [.. dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray().Select(target => (panel.GetProperty("title").GetString()!, target.GetProperty("expr").GetString()!)))];
    }
}
