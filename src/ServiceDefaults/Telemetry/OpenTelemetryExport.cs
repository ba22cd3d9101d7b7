using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace StreamForecast.ServiceDefaults.Telemetry;

/// <summary>
/// The OpenTelemetry SDK, wired by hand (the mirror has no OpenTelemetry.Extensions.Hosting): a meter
/// provider and a tracer provider for one service's instruments, exported over OTLP and configured by
/// the standard variables (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>_PROTOCOL</c>, <c>_HEADERS</c>,
/// <c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c>, <c>OTEL_METRIC_EXPORT_INTERVAL</c>, …).
/// Without an endpoint nothing is exported and nothing is started. With <see cref="TelemetryOptions.MetricsUrls"/> the
/// same instruments are also served as Prometheus text at <c>/metrics</c> (names and labels as the Collector's
/// Prometheus exporter writes them, so one dashboard serves both). Dispose on shutdown: it flushes.
/// </summary>
internal sealed class OpenTelemetryExport : IDisposable
{
    /// <summary>Any of these set means "export"; the per-signal ones are honoured by the exporter too.</summary>
    public static readonly string[] EndpointVariables =
    [
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
    ];

    private readonly MeterProvider? _meters;
    private readonly TracerProvider? _tracer;

    private OpenTelemetryExport(MeterProvider? meters, TracerProvider? tracer)
    {
        _meters = meters;
        _tracer = tracer;
    }

    /// <summary>True when an OTLP endpoint is configured and the SDK is not disabled.</summary>
    public static bool Enabled(Func<string, string?> environment) =>
        !string.Equals(environment("OTEL_SDK_DISABLED"), "true", StringComparison.OrdinalIgnoreCase)
        && EndpointVariables.Any(name => !string.IsNullOrWhiteSpace(environment(name)));

    public bool Exporting => _meters is not null;

    /// <param name="serviceName">service.name unless <c>OTEL_SERVICE_NAME</c> says otherwise.</param>
    /// <param name="sourceName">The service's Meter and ActivitySource name.</param>
    /// <param name="options">Where to serve <c>/metrics</c>, if anywhere.</param>
    public static OpenTelemetryExport Start(string serviceName, string sourceName, TelemetryOptions? options = null)
    {
        (string Host, int Port)[] listeners = options?.Listeners() ?? [];
        bool otlp = Enabled(Environment.GetEnvironmentVariable);
        if (!otlp && listeners.Length == 0)
        {
            return new OpenTelemetryExport(null, null);
        }

        MeterProviderBuilder builder = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(resource => Describe(resource, serviceName))
            .AddMeter(sourceName);
        if (otlp)
        {
            builder.AddOtlpExporter();
        }

        if (listeners.Length > 0)
        {
            builder.AddPrometheusHttpListener(scrape =>
            {
                (scrape.Host, scrape.Port) = listeners[0];
                // Each scrape sees the values as they are (no response cached between two scrapes).
                scrape.ScrapeResponseCacheDurationMilliseconds = 0;
                scrape.ConfigureHttpListener = (_, http) =>
                {
                    foreach (var (host, port) in listeners.Skip(1))
                    {
                        http.Prefixes.Add($"http://{host}:{port}/");
                    }
                };
            });
        }

        MeterProvider meters = builder.Build();
        if (!otlp)
        {
            return new OpenTelemetryExport(meters, null);
        }

        TracerProvider tracer = Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(resource => Describe(resource, serviceName))
            .AddSource(sourceName)
            .AddOtlpExporter()
            .Build();
        return new OpenTelemetryExport(meters, tracer);
    }

    /// <summary>Sends logs over OTLP too (with their trace and span ids) when export is on.</summary>
    public static void AddLogExport(OpenTelemetryLoggerOptions options, string serviceName)
    {
        options.IncludeFormattedMessage = true;
        options.SetResourceBuilder(Describe(ResourceBuilder.CreateEmpty(), serviceName));
        options.AddOtlpExporter();
    }

    public void Dispose()
    {
        _tracer?.Dispose();
        _meters?.Dispose();
    }

    // The environment detector comes last so OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win.
    private static ResourceBuilder Describe(ResourceBuilder resource, string serviceName) =>
        resource.AddService(serviceName, serviceVersion: typeof(OpenTelemetryExport).Assembly.GetName().Version?.ToString())
            .AddTelemetrySdk()
            .AddEnvironmentVariableDetector();
}
