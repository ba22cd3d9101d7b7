using StreamForecast.MarketData;

namespace StreamForecast.Predictor.Tools.Cli;

/// <summary>Checks a <c>--series</c> against the series a long file holds, and says which it has when it is not there.</summary>
internal static class SeriesCheck
{
    /// <summary>How many of a file's series an error lists before "…".</summary>
    private const int Listed = 20;

    public static void Require(string path, string series, BarFileOptions options)
    {
        if (BarReader.SeriesIn(path, options) is not { } present || present.Contains(series, StringComparer.Ordinal))
        {
            return;
        }

        throw new ArgumentException(Missing(path, series, present));
    }

    /// <summary>"no series 'x' in FILE (did you mean 'X'?); it has N: A, B, …".</summary>
    public static string Missing(string path, string series, IReadOnlyList<string> present)
    {
        string? like = present.FirstOrDefault(name => string.Equals(name, series, StringComparison.OrdinalIgnoreCase))
            ?? present.FirstOrDefault(name => name.Contains(series, StringComparison.OrdinalIgnoreCase) || series.Contains(name, StringComparison.OrdinalIgnoreCase));
        string list = string.Join(", ", present.Take(Listed)) + (present.Count > Listed ? ", …" : "");
        return $"no series '{series}' in {path}{(like is null ? "" : $" (did you mean '{like}'?)")}; it has {present.Count}: {list}";
    }
}
