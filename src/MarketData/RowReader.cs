using System.Globalization;
using nietras.SeparatedValues;

namespace StreamForecast.MarketData;

/// <summary>What one data row of a bar file was.</summary>
internal enum RowKind
{
    End,
    Bar,
    Invalid,
    Ignored,
}

/// <summary>
/// Turns a bar file's rows into validated bars, one at a time, by the file's <see cref="BarLayout"/>: the
/// field checks of every bar (finite, positive, high and low around open and close, volume not negative),
/// and each series' own time order.
/// </summary>
/// <param name="path">The file, for messages.</param>
/// <param name="csv">Its rows.</param>
/// <param name="layout">Its columns.</param>
/// <param name="time">How its times are read.</param>
/// <param name="selected">In a file with a series column, the series to read (the others' rows are passed over unread); null: all.</param>
/// <param name="defaultSeries">The series of a file without a series column.</param>
internal sealed class RowReader(string path, SepReader csv, BarLayout layout, BarTime time, IReadOnlySet<string>? selected, string defaultSeries)
{
    private readonly Dictionary<string, long> _previous = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<string> _series = [];
    private readonly int _fields = new[] { layout.Time, layout.TimeOfDay, layout.Open, layout.High, layout.Low, layout.Close, layout.Volume, layout.Series }.Max() + 1;

    public BarLayout Layout => layout;

    public BarTime Time => time;

    /// <summary>In a file with a series column, every series named in the rows read so far, in order of first appearance.</summary>
    public IReadOnlyList<string> Series => _series;

    /// <summary>The file line of the last row read (1 is the header).</summary>
    public int LastLine { get; private set; } = 1;

    public (RowKind Kind, string Series, Bar Bar, string? Error, string Line, int Number) Next(BarReadReport report)
    {
        while (csv.MoveNext())
        {
            SepReader.Row row = csv.Current;
            LastLine = row.LineNumberFrom;
            if (row.ColCount == 1 && row[0].Span.IsEmpty)
            {
                continue;
            }

            if (layout.IsHeaderRow(row[0].Span))
            {
                continue;
            }

            string series = layout.Series >= 0 && layout.Series < row.ColCount ? row[layout.Series].ToString() : defaultSeries;
            if (layout.Series >= 0 && series.Length > 0 && _seen.Add(series))
            {
                _series.Add(series);
            }

            if (selected is not null && layout.Series >= 0 && !selected.Contains(series))
            {
                continue;
            }

            report.Rows++;
            if (row[layout.Close < row.ColCount ? layout.Close : 0].Span.Equals("NaN", StringComparison.OrdinalIgnoreCase))
            {
                report.EmptyMinutes++;
                continue;
            }

            string? error = Validate(row, series, out Bar bar);
            return error is null
                ? (RowKind.Bar, series, bar, null, "", LastLine)
                : (RowKind.Invalid, series, default, error, row.Span.ToString(), LastLine);
        }

        if (selected is not null && layout.Series >= 0 && report.Rows == 0)
        {
            throw new InvalidDataException(SeriesSuggestion.Missing(path, selected.First(), _series));
        }

        return (RowKind.End, "", default, null, "", LastLine);
    }

    private string? Validate(SepReader.Row row, string series, out Bar bar)
    {
        bar = default;
        if (row.ColCount < _fields)
        {
            return $"wrong field count ({row.ColCount}, expected at least {_fields})";
        }

        string? timeError = layout.TimeOfDay >= 0
            ? time.TryParse($"{row[layout.Time].Span} {row[layout.TimeOfDay].Span}", out long timestamp)
            : time.TryParse(row[layout.Time].Span, out timestamp);
        if (timeError is not null)
        {
            return timeError;
        }

        if (!Number(row, layout.Close, "close", out double close, out string? error))
        {
            return error;
        }

        double open = close, high = close, low = close, volume = 0;
        if ((layout.Open >= 0 && !Number(row, layout.Open, "open", out open, out error))
            || (layout.High >= 0 && !Number(row, layout.High, "high", out high, out error))
            || (layout.Low >= 0 && !Number(row, layout.Low, "low", out low, out error))
            || (layout.Volume >= 0 && !Number(row, layout.Volume, "volume", out volume, out error)))
        {
            return error;
        }

        if (open <= 0 || high <= 0 || low <= 0 || close <= 0)
        {
            return $"price not positive (open {open}, high {high}, low {low}, close {close})";
        }

        if (high < Math.Max(open, close))
        {
            return $"high below open or close (high {high}, open {open}, close {close})";
        }

        if (low > Math.Min(open, close))
        {
            return $"low above open or close (low {low}, open {open}, close {close})";
        }

        if (volume < 0)
        {
            return $"negative volume ({volume})";
        }

        long previous = _previous.GetValueOrDefault(series, long.MinValue);
        if (timestamp == previous)
        {
            return $"duplicate timestamp ({timestamp})";
        }

        if (timestamp < previous)
        {
            return $"times go backwards ({Human(timestamp)} after {Human(previous)}): is the file newest-first? Sort it ascending, oldest row first";
        }

        _previous[series] = timestamp;
        bar = new Bar(timestamp, open, high, low, close, volume);
        return null;
    }

    /// <summary>A bar time as people read it: "2024-01-02 15:59 UTC".</summary>
    public static string Human(long seconds) =>
        DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static bool Number(SepReader.Row row, int column, string name, out double value, out string? error)
    {
        ReadOnlySpan<char> field = row[column].Span;
        error = !double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out value) ? $"unparsable {name} ('{field}')"
            : !double.IsFinite(value) ? $"{name} is not finite ('{field}')"
            : null;
        return error is null;
    }
}
