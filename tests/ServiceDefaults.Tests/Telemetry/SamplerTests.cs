using System.Diagnostics;
using StreamForecast.ServiceDefaults.Telemetry;

namespace StreamForecast.ServiceDefaults.Tests.Telemetry;

/// <summary>OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG decide which spans are recorded (parent-based ratio in production).</summary>
[Collection("process environment")]
public sealed class SamplerTests
{
    [Theory]
    [InlineData(null, null, 1.0)]
    [InlineData("always_off", null, 0.0)]
    [InlineData("parentbased_traceidratio", "0", 0.0)]
    [InlineData("parentbased_traceidratio", "0.25", 0.25)]
    public void Start_SamplerFromTheEnvironment_RecordsThatShareOfRootSpans(string? sampler, string? argument, double share)
    {
        const string source = "StreamForecast.SamplerTest";
        var variables = new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9",
            ["OTEL_TRACES_SAMPLER"] = sampler,
            ["OTEL_TRACES_SAMPLER_ARG"] = argument,
        };
        foreach (var (name, value) in variables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        try
        {
            using OpenTelemetryExport export = OpenTelemetryExport.Start("sampler-test", source);
            using var activities = new ActivitySource(source);
            int recorded = 0;
            for (int i = 0; i < 2000; i++)
            {
                using Activity? span = activities.StartActivity("root");
                recorded += span?.Recorded == true ? 1 : 0;
            }

            Assert.InRange(recorded / 2000.0, share - 0.05, share + 0.05);
        }
        finally
        {
            foreach (string name in variables.Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }
}
