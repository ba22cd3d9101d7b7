using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StreamForecast.ServiceDefaults.Telemetry;

namespace StreamForecast.ServiceDefaults.Tests.Telemetry;

/// <summary>The SDK wiring against a fake OTLP/HTTP receiver: what the OTEL_* variables say is what is sent.</summary>
[Collection("process environment")]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Start_WithAnEndpoint_ExportsMetricsAndSpans_NamedByTheEnvironment()
    {
        var received = new ConcurrentBag<(string Path, byte[] Body)>();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using WebApplication receiver = builder.Build();
        receiver.MapPost("/v1/{signal}", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            received.Add((request.Path, body.ToArray()));
            return Results.Ok();
        });
        await receiver.StartAsync();

        const string source = "StreamForecast.ExportTest";
        var variables = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Urls.Single(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "export-test-service",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment=export-test",
        };
        foreach (var (name, value) in variables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        try
        {
            using var meter = new Meter(source);
            using var activities = new ActivitySource(source);
            using (OpenTelemetryExport export = OpenTelemetryExport.Start("default-name", source))
            {
                Assert.True(export.Exporting);
                meter.CreateCounter<long>("stream.test.things", "{thing}").Add(3);
                using (activities.StartActivity("test span"))
                {
                }
            }

            // Disposing flushed both providers.
            byte[] metrics = Assert.Single(received, r => r.Path == "/v1/metrics").Body;
            byte[] traces = Assert.Single(received, r => r.Path == "/v1/traces").Body;
            foreach (string expected in new[] { "stream.test.things", "export-test-service", "export-test" })
            {
                Assert.True(Contains(metrics, expected), $"the metrics export lacks {expected}");
            }

            Assert.True(Contains(traces, "test span"));
            Assert.False(Contains(metrics, "default-name"), "OTEL_SERVICE_NAME should win over the built-in name");
        }
        finally
        {
            foreach (string name in variables.Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }

    // Protobuf stores strings as UTF-8 bytes: a substring search is enough to find a name.
    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
