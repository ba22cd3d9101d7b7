using System.Reflection;
using StreamForecast.Ingest.Replay;
using StreamForecast.Messaging;
using StreamForecast.Predictor.Service;
using StreamForecast.ServiceDefaults.Health;
using StreamForecast.ServiceDefaults.Telemetry;

namespace StreamForecast.Deploy.Tests;

/// <summary>
/// Which environment variables the services read: a property of an options class (<c>Predictor__Horizon</c>),
/// a librdkafka setting (<c>Kafka__bootstrap.servers</c>, checked by librdkafka itself), a logging level,
/// or an OpenTelemetry SDK variable.
/// </summary>
internal static class ConfigurationKeys
{
    /// <summary>The OTEL_* variables the OpenTelemetry .NET SDK and its OTLP exporter read.</summary>
    public static readonly HashSet<string> OpenTelemetry =
    [
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TIMEOUT",
        "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
        "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES", "OTEL_METRIC_EXPORT_INTERVAL", "OTEL_METRIC_EXPORT_TIMEOUT", "OTEL_SDK_DISABLED",
        "OTEL_BSP_SCHEDULE_DELAY", "OTEL_BSP_EXPORT_TIMEOUT", "OTEL_BSP_MAX_QUEUE_SIZE", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE",
        "OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG",
    ];

    private static readonly Dictionary<string, Type> Sections = new(StringComparer.OrdinalIgnoreCase)
    {
        [PredictorOptions.SectionName] = typeof(PredictorOptions),
        [IngestOptions.SectionName] = typeof(IngestOptions),
        [HealthOptions.SectionName] = typeof(HealthOptions),
        [TelemetryOptions.SectionName] = typeof(TelemetryOptions),
    };

    /// <summary>Null when a service reads <paramref name="name"/>; else why not.</summary>
    public static string? Problem(string name, string value)
    {
        if (name.StartsWith("OTEL_", StringComparison.Ordinal))
        {
            return OpenTelemetry.Contains(name) ? null : $"{name} is not an OpenTelemetry SDK variable the services use";
        }

        string[] parts = name.Split("__", 2);
        if (parts.Length != 2)
        {
            return $"{name} is not Section__Key";
        }

        if (parts[0] == KafkaOptions.SectionName)
        {
            return KafkaSettingCheck.Problem(parts[1], value) is { } problem ? $"{name}: librdkafka says {problem}" : null;
        }

        if (parts[0] == "Logging")
        {
            return parts[1].StartsWith("LogLevel__", StringComparison.Ordinal) ? null : $"{name}: only Logging__LogLevel__* is read";
        }

        if (!Sections.TryGetValue(parts[0], out Type? options))
        {
            return $"{name}: no options class reads section {parts[0]}";
        }

        // Section__Property, or Section__Property__Name for a dictionary property (Predictor__ModelFor__EUR/USD).
        string[] key = parts[1].Split("__", 2);
        PropertyInfo? property = options.GetProperty(key[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        return property switch
        {
            null or { CanWrite: false } => $"{name}: {options.Name} has no property {key[0]}",
            _ when key.Length == 2 && !property.PropertyType.IsAssignableTo(typeof(System.Collections.IDictionary)) => $"{name}: {options.Name}.{key[0]} is not a dictionary",
            _ => null,
        };
    }
}
