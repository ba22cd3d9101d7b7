using StreamForecast.ServiceDefaults.Telemetry;

namespace StreamForecast.ServiceDefaults.Tests.Telemetry;

public sealed class OpenTelemetryExportTests
{
    [Theory]
    [InlineData(null, null, null, false)]
    [InlineData("http://collector:4317", null, null, true)]
    [InlineData(null, "http://collector:4318/v1/metrics", null, true)]
    [InlineData("http://collector:4317", null, "true", false)]
    public void Enabled_OnlyWithAnEndpoint_AndNotWhenDisabled(string? endpoint, string? metricsEndpoint, string? disabled, bool expected)
    {
        var environment = new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
            ["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] = metricsEndpoint,
            ["OTEL_SDK_DISABLED"] = disabled,
        };
        Assert.Equal(expected, OpenTelemetryExport.Enabled(name => environment.GetValueOrDefault(name)));
    }
}
