using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace StreamForecast.Deploy.Tests;

/// <summary>The Grafana dashboard asks only for metrics the code emits, and shows every one it emits.</summary>
public sealed partial class DashboardTests
{
    private const string Dashboard = "deploy/grafana/dashboards/stream.json";

    /// <summary>Instruments deliberately left off the dashboard, with the reason. None today.</summary>
    private static readonly Dictionary<string, string> NotShown = [];

    [Fact]
    public void Dashboard_EveryMetricItQueries_IsOneTheCodeRegisters()
    {
        var emitted = Instruments.All().SelectMany(PrometheusNames.Of).ToHashSet(StringComparer.Ordinal);
        string[] unknown = [.. QueriedMetrics().Where(metric => !emitted.Contains(metric)).Order()];
        Assert.True(unknown.Length == 0, $"the dashboard queries metrics nobody emits: {string.Join(", ", unknown)}; emitted: {string.Join(", ", emitted.Order())}");
    }

    [Fact]
    public void Dashboard_ShowsEveryRegisteredInstrument_OrListsItAsNotShown()
    {
        var queried = QueriedMetrics().ToHashSet(StringComparer.Ordinal);
        string[] missing = [.. Instruments.All()
            .Where(instrument => !NotShown.ContainsKey(instrument.Name) && !PrometheusNames.Of(instrument).Any(queried.Contains))
            .Select(instrument => instrument.Name)];
        Assert.True(missing.Length == 0, $"instruments neither on the dashboard nor listed as not shown: {string.Join(", ", missing)}");
        Assert.All(NotShown.Keys, name => Assert.Contains(name, Instruments.All().Select(i => i.Name)));
    }

    [Fact]
    public void Dashboard_HasThePanelsUsersNeed_AndUsesTheProvisionedDatasource()
    {
        using JsonDocument dashboard = JsonDocument.Parse(Repository.Read(Dashboard));
        string datasource = Repository.Read("deploy/grafana/provisioning/datasources/prometheus.yaml");
        string uid = Regex.Match(datasource, @"uid:\s*(\S+)").Groups[1].Value;
        JsonElement[] panels = [.. dashboard.RootElement.GetProperty("panels").EnumerateArray()];
        Assert.All(panels, panel => Assert.Equal(uid, panel.GetProperty("datasource").GetProperty("uid").GetString()));
        string all = string.Join('\n', Queries(dashboard.RootElement));
        foreach (string needed in new[]
        {
            "stream_predictor_close_actual", "stream_predictor_close_predicted", "stream_predictor_forecast_mase_ratio", "stream_predictor_forecast_rmse",
            "stream_predictor_prediction_latency_seconds_bucket", "stream_predictor_consumer_lag", "stream_predictor_dead_letters_total",
            "stream_predictor_series_active", "stream_predictor_engine_step_duration_seconds_bucket", "stream_predictor_bars_consumed_total",
            "stream_predictor_interval_coverage_ratio", "stream_predictor_interval_width",
        })
        {
            Assert.Contains(needed, all, StringComparison.Ordinal);
        }

        string provider = Repository.Read("deploy/grafana/provisioning/dashboards/stream.yaml");
        Assert.Contains("/var/lib/grafana/dashboards", provider, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stream.predictor.prediction.latency", "stream_predictor_prediction_latency_seconds_bucket")]
    [InlineData("stream.predictor.predictions", "stream_predictor_predictions_total")]
    [InlineData("stream.predictor.forecast.mase", "stream_predictor_forecast_mase_ratio")]
    [InlineData("stream.predictor.consumer.lag", "stream_predictor_consumer_lag")]
    [InlineData("stream.predictor.interval.coverage", "stream_predictor_interval_coverage_ratio")]
    [InlineData("stream.predictor.interval.width", "stream_predictor_interval_width")]
    [InlineData("stream.ingest.replay.position", "stream_ingest_replay_position_seconds")]
    public void PrometheusNames_FollowTheOtlpTranslation(string instrument, string expected)
    {
        Instrument found = Instruments.All().Single(i => i.Name == instrument);
        Assert.Contains(expected, PrometheusNames.Of(found));
    }

    /// <summary>Metric names in every query (targets and template variables), PromQL functions and labels excluded.</summary>
    private static IEnumerable<string> QueriedMetrics()
    {
        using JsonDocument dashboard = JsonDocument.Parse(Repository.Read(Dashboard));
        string[] queries = [.. Queries(dashboard.RootElement)];
        Assert.NotEmpty(queries);
        Assert.All(queries, query => Assert.Matches(MetricName(), query));
        return [.. queries.SelectMany(query => MetricName().Matches(query).Select(match => match.Value)).Distinct()];
    }

    private static IEnumerable<string> Queries(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    if (property.Name is "expr" or "definition" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        yield return property.Value.GetString()!;
                    }

                    foreach (string query in Queries(property.Value))
                    {
                        yield return query;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (JsonElement item in element.EnumerateArray())
                {
                    foreach (string query in Queries(item))
                    {
                        yield return query;
                    }
                }

                break;
        }
    }

    // Our metrics all start with "stream_"; label names and PromQL keywords never do.
    [GeneratedRegex(@"\bstream_[a-z0-9_]+\b")]
    private static partial Regex MetricName();
}
