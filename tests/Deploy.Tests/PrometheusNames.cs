using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;

namespace StreamForecast.Deploy.Tests;

/// <summary>
/// The names an OTLP instrument gets in Prometheus through the collector's exporter: dots (and anything
/// else not allowed) to underscores, the unit as a suffix (annotations in braces dropped, "1" as
/// "_ratio" on gauges), "_total" on counters, and "_bucket", "_sum", "_count" series for histograms.
/// </summary>
internal static partial class PrometheusNames
{
    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["s"] = "seconds", ["ms"] = "milliseconds", ["us"] = "microseconds", ["By"] = "bytes", ["KiBy"] = "kibibytes", ["MiBy"] = "mebibytes",
        ["min"] = "minutes", ["h"] = "hours", ["d"] = "days", ["%"] = "percent",
    };

    public static IReadOnlyList<string> Of(Instrument instrument)
    {
        string name = Invalid().Replace(instrument.Name, "_");
        string unit = Braces().Replace(instrument.Unit ?? "", "");
        bool isGauge = instrument.GetType().Name.StartsWith("ObservableGauge", StringComparison.Ordinal);
        string suffix = unit switch
        {
            "" => "",
            "1" => isGauge ? "ratio" : "",
            _ => Units.GetValueOrDefault(unit, Invalid().Replace(unit, "_")),
        };
        if (suffix.Length > 0 && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name += "_" + suffix;
        }

        return instrument switch
        {
            Counter<long> or Counter<double> or ObservableCounter<long> or ObservableCounter<double> => [name + "_total"],
            Histogram<int> or Histogram<long> or Histogram<double> => [name + "_bucket", name + "_sum", name + "_count"],
            _ => [name],
        };
    }

    [GeneratedRegex("[^a-zA-Z0-9_:]")]
    private static partial Regex Invalid();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Braces();
}
