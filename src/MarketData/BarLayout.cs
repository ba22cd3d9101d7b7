namespace StreamForecast.MarketData;

/// <summary>
/// Which columns of a bar file hold what, found from its header (case-insensitive, trimmed) or given as
/// <c>--columns time=…,close=…</c>: a time column (<c>timestamp|time|date|datetime</c>, or a date and a
/// time column), the close, and where present open, high, low, volume and a series column
/// (<c>series|symbol|ticker</c>). Missing open, high and low are the close; a missing volume is 0. yfinance's
/// three-row header (<c>Price,Close,…</c> / <c>Ticker,…</c> / <c>Datetime,,…</c>) is read: the time is its first column.
/// </summary>
internal sealed record BarLayout(int Time, int TimeOfDay, int Open, int High, int Low, int Close, int Volume, int Series, string Name)
{
    private static readonly string[] TimeNames = ["timestamp", "datetime", "time", "date"];
    private static readonly string[] SeriesNames = ["series", "symbol", "ticker"];

    /// <summary>The header is yfinance's first of three rows; the two after it (<c>Ticker,…</c>, <c>Datetime,,…</c>) are not data.</summary>
    public bool YFinanceHeader { get; init; }

    /// <summary>Whether a data row is one of the header rows after yfinance's first (its first field names the row).</summary>
    public bool IsHeaderRow(ReadOnlySpan<char> first) =>
        YFinanceHeader && (first.Equals("Ticker", StringComparison.OrdinalIgnoreCase) || first.Equals("Datetime", StringComparison.OrdinalIgnoreCase) || first.Equals("Date", StringComparison.OrdinalIgnoreCase));

    /// <summary>The layout of a file with this header; <paramref name="columns"/> maps roles to column names explicitly.</summary>
    /// <exception cref="FormatException">No time or close column, or a mapping names a column the header lacks.</exception>
    public static BarLayout Detect(IReadOnlyList<string> header, string? columns = null)
    {
        string[] names = [.. header.Select(name => name.Trim().Trim('"').ToLowerInvariant())];
        var map = ParseColumns(columns);
        int Find(string role, params string[] candidates)
        {
            if (map.TryGetValue(role, out string? given))
            {
                int index = Array.IndexOf(names, given.ToLowerInvariant());
                return index >= 0 ? index : throw new FormatException($"--columns {role}={given}: no such column in the header ({string.Join(", ", header)})");
            }

            foreach (string candidate in candidates)
            {
                int index = Array.IndexOf(names, candidate);
                if (index >= 0)
                {
                    return index;
                }
            }

            return -1;
        }

        int close = Find("close", "close", "price", "last");
        int date = Find("date", "date"), timeOfDay = Find("time", "time");
        int time = map.ContainsKey("time") ? timeOfDay : Find("timestamp", "timestamp", "datetime", "unix", "ts");
        int dateTimeSplit = -1;
        bool yfinance = time < 0 && date < 0 && timeOfDay < 0 && names.Length > 1 && names[0] == "price" && close > 0 && !map.ContainsKey("close");
        if (yfinance)
        {
            time = 0;
        }
        else if (time < 0 && date >= 0 && timeOfDay >= 0)
        {
            (time, dateTimeSplit) = (date, timeOfDay);
        }
        else if (time < 0)
        {
            time = timeOfDay >= 0 ? timeOfDay : date;
        }

        if (time < 0 || close < 0)
        {
            throw new FormatException(
                $"no {(time < 0 ? $"time column ({string.Join('|', TimeNames)})" : "close column")} in the header ({string.Join(", ", header)}); map one with --columns time=NAME,close=NAME");
        }

        int volume = Find("volume", "volume");
        if (volume < 0 && !map.ContainsKey("volume"))
        {
            volume = Array.FindIndex(names, name => name.StartsWith("volume", StringComparison.Ordinal));
        }

        var layout = new BarLayout(time, dateTimeSplit, Find("open", "open"), Find("high", "high"), Find("low", "low"), close, volume, Find("series", SeriesNames), "") { YFinanceHeader = yfinance };
        return layout with { Name = layout.Describe(header) + (yfinance ? " (yfinance's three-row header)" : "") };
    }

    /// <summary>"time=Datetime, close=Close, …" for the read summary.</summary>
    private string Describe(IReadOnlyList<string> header)
    {
        string Of(int index) => index >= 0 ? header[index].Trim() : "-";
        string time = TimeOfDay >= 0 ? $"{Of(Time)} + {Of(TimeOfDay)}" : Of(Time);
        string parts = $"time={time}, open={Of(Open)}, high={Of(High)}, low={Of(Low)}, close={Of(Close)}, volume={Of(Volume)}";
        return Series >= 0 ? $"{parts}, series={Of(Series)}" : parts;
    }

    private static Dictionary<string, string> ParseColumns(string? columns)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in (columns ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            string[] roles = ["time", "date", "open", "high", "low", "close", "volume", "series"];
            if (parts.Length != 2 || parts[1].Length == 0 || !roles.Contains(parts[0].ToLowerInvariant()))
            {
                throw new FormatException($"--columns: '{pair}' is not ROLE=COLUMN with ROLE one of {string.Join(", ", roles)}");
            }

            map[parts[0].ToLowerInvariant()] = parts[1];
        }

        return map;
    }
}
