using StreamForecast.MarketData;

namespace StreamForecast.Ingest.Replay;

/// <summary>One series replayed from a file (in a file with a series column, that series' rows).</summary>
internal sealed record ReplayInput(string Path, string Series, BarFileOptions? Options = null)
{
    /// <summary>How to read the file for this series.</summary>
    public BarFileOptions Read => (Options ?? BarFileOptions.Default) with { Series = Series };

    /// <summary>
    /// The inputs of <c>--data</c> and <c>--series</c>: one series per file, paired in order; or one file
    /// with a series column and every series in it (no <c>--series</c>) or the ones named.
    /// </summary>
    public static IReadOnlyList<ReplayInput> From(string[] files, string[] names, string? columns, string? timeZone)
    {
        var options = new BarFileOptions(Columns: columns, TimeZone: timeZone);
        if (files.Length == 1 && BarReader.SeriesIn(files[0], options) is { } inFile)
        {
            string[] missing = [.. names.Where(name => !inFile.Contains(name))];
            if (missing.Length > 0)
            {
                throw new FormatException($"{files[0]} has no rows of {string.Join(", ", missing)} (it holds {string.Join(", ", inFile.Take(10))}{(inFile.Count > 10 ? ", …" : "")})");
            }

            return [.. (names.Length == 0 ? inFile : names).Select(name => new ReplayInput(files[0], name, options))];
        }

        if (files.Length != names.Length)
        {
            throw new FormatException($"{files.Length} --data files but {names.Length} --series names; give one series per file (or one file with a series column).");
        }

        return [.. files.Zip(names, (file, name) => new ReplayInput(file, name, options))];
    }
}
