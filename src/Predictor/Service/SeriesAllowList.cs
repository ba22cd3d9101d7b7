using System.Text;
using System.Text.RegularExpressions;

namespace StreamForecast.Predictor.Service;

/// <summary>
/// Which series an instance serves: names or patterns (<c>*</c> any run of characters, <c>?</c> one), separated
/// by commas, e.g. <c>BTC-USD,EUR/*</c>. Empty: every series.
/// </summary>
internal sealed class SeriesAllowList
{
    private readonly HashSet<string> _names;
    private readonly Regex? _patterns;

    private SeriesAllowList(HashSet<string> names, Regex? patterns)
    {
        _names = names;
        _patterns = patterns;
    }

    public static SeriesAllowList All { get; } = new([], null);

    public bool IsEmpty => _names.Count == 0 && _patterns is null;

    public static SeriesAllowList Parse(string list) => Of(list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Names and patterns, one each (a name may hold a comma).</summary>
    public static SeriesAllowList Of(IReadOnlyCollection<string> entries)
    {
        HashSet<string> names = [.. entries.Where(e => !IsPattern(e))];
        string[] patterns = [.. entries.Where(IsPattern).Select(Translate)];
        return new SeriesAllowList(names, patterns.Length == 0 ? null : new Regex($"^(?:{string.Join('|', patterns)})$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)));
    }

    public bool Allows(string series) => IsEmpty || _names.Contains(series) || (_patterns?.IsMatch(series) ?? false);

    public override string ToString() => IsEmpty ? "all" : string.Join(',', _names.Concat(_patterns is null ? [] : [_patterns.ToString()]));

    private static bool IsPattern(string entry) => entry.Contains('*', StringComparison.Ordinal) || entry.Contains('?', StringComparison.Ordinal);

    private static string Translate(string pattern)
    {
        var regex = new StringBuilder();
        foreach (char c in pattern)
        {
            regex.Append(c switch
            {
                '*' => ".*",
                '?' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }

        return regex.ToString();
    }
}
