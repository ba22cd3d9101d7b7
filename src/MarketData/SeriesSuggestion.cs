namespace StreamForecast.MarketData;

/// <summary>What to say of a series a long file lacks: the one meant (same name in another case, or one containing the other), and the series it has.</summary>
internal static class SeriesSuggestion
{
    /// <summary>How many of a file's series a message lists before "…".</summary>
    private const int Listed = 20;

    /// <summary>"no rows of series 'x' in FILE (did you mean 'X'?); it has N: A, B, …".</summary>
    public static string Missing(string path, string series, IReadOnlyList<string> present)
    {
        string? like = present.FirstOrDefault(name => string.Equals(name, series, StringComparison.OrdinalIgnoreCase))
            ?? present.FirstOrDefault(name => name.Contains(series, StringComparison.OrdinalIgnoreCase) || series.Contains(name, StringComparison.OrdinalIgnoreCase));
        string list = string.Join(", ", present.Take(Listed)) + (present.Count > Listed ? ", …" : "");
        return $"no rows of series '{series}' in {path}{(like is null ? "" : $" (did you mean '{like}'?)")}; it has {present.Count}: {list}";
    }
}
