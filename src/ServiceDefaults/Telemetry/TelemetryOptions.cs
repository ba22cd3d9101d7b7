using System.ComponentModel.DataAnnotations;

namespace StreamForecast.ServiceDefaults.Telemetry;

/// <summary>The Prometheus scrape endpoint (<c>Telemetry__MetricsUrls</c>, <c>--metrics-urls</c>): OTLP stays the default path.</summary>
internal sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>
    /// Where to serve Prometheus text at <c>/metrics</c>, e.g. <c>http://0.0.0.0:9464</c> (several separated by ';');
    /// empty (the default) serves none.
    /// </summary>
    [RegularExpression(@"^(http://[^;\s]+)?(;http://[^;\s]+)*$", ErrorMessage = "Telemetry:MetricsUrls must be empty or URLs like http://0.0.0.0:9464 separated by ';'")]
    public string MetricsUrls { get; set; } = "";

    /// <summary>The URLs as listener (host, port) pairs, any address (0.0.0.0, [::]) as <c>*</c>.</summary>
    public (string Host, int Port)[] Listeners() =>
        [.. MetricsUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(url => new Uri(url))
            .Select(uri => (uri.Host is "0.0.0.0" or "[::]" or "::" ? "*" : uri.Host, uri.Port))];
}
