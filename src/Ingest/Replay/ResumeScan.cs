using System.Globalization;

namespace StreamForecast.Ingest.Replay;

/// <summary>What the resume scan found on the bars topic.</summary>
/// <param name="Last">Each series' latest valid bar minute.</param>
/// <param name="Ignored">Records not trusted as bars of their series, by rejection code.</param>
internal sealed record ResumeScan(Dictionary<string, long> Last, Dictionary<string, long> Ignored)
{
    /// <summary>"3 records (future-timestamp: 1, bad-json: 2)", or null when nothing was ignored.</summary>
    public string? Describe() => Ignored.Count == 0
        ? null
        : string.Create(CultureInfo.InvariantCulture, $"{Ignored.Values.Sum()} records ({string.Join(", ", Ignored.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}"))})");
}
