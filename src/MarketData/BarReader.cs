using System.Globalization;
using nietras.SeparatedValues;

namespace StreamForecast.MarketData;

/// <summary>
/// Streams minute bars from a CSV file, gzip or plain (told apart by the gzip magic bytes, not the name),
/// parsed by Sep: separator (<c>,</c> <c>;</c> tab) and quoting detected, the columns found from the header
/// (<see cref="BarLayout"/>), times in unix seconds, milliseconds or microseconds or ISO 8601
/// (<see cref="BarTime"/>). Rows are validated; a bad row stops the read with "file:line: reason" or is
/// skipped and counted, per <see cref="BadRowPolicy"/>. Each series must be in time order; a single-series
/// file stops at the end of the range.
/// </summary>
internal sealed class BarReader(string path, BadRowPolicy policy = BadRowPolicy.Stop, DateRange? range = null, BarFileOptions? options = null)
{
    // Quotes removed, fields trimmed; a short row is a row error of ours, not Sep's.
    private static readonly SepReaderOptions SepOptions =
        Sep.Reader(o => o with { Unescape = true, Trim = SepTrim.All, DisableColCountCheck = true, CultureInfo = CultureInfo.InvariantCulture });

    private readonly DateRange _range = range ?? DateRange.All;
    private readonly BarFileOptions _options = options ?? BarFileOptions.Default;

    public BarReadReport Report { get; } = new();

    /// <summary>Called for each row skipped under <see cref="BadRowPolicy.Skip"/>: (series, line, "file:line", reason).</summary>
    public Action<string, string, string, string>? Rejected { get; init; }

    /// <summary>Reads the whole file into memory (only when asked: the bars of one series fit easily).</summary>
    public List<Bar> ReadAll() => [.. Read()];

    /// <summary>The bars of the file's one series, or of the selected one in a file with a series column.</summary>
    public IEnumerable<Bar> Read() => ReadKeyed("").Select(keyed => keyed.Bar);

    /// <summary>
    /// Every bar with its series (<paramref name="defaultSeries"/> where the file has no series column), in one
    /// pass in file order; in a file with a series column only those of <paramref name="only"/> when given (else
    /// of <see cref="BarFileOptions.Series"/>, else all).
    /// </summary>
    public IEnumerable<(string Series, Bar Bar)> ReadKeyed(string defaultSeries, IReadOnlySet<string>? only = null)
    {
        using TextReader text = Open(path);
        using SepReader csv = Csv(text);
        IReadOnlySet<string>? selected = only ?? (_options.Series is { } one ? new HashSet<string>([one], StringComparer.Ordinal) : null);
        var rows = new RowReader(path, csv, BarLayout.Detect(csv.Header.ColNames, _options.Columns), new BarTime(_options.Zone()), selected, defaultSeries);
        Report.Layout = rows.Layout.Name;
        while (true)
        {
            (RowKind kind, string series, Bar bar, string? error, string line, int number) = Next(rows);
            Report.Times = rows.Time.Unit;
            Report.Series = rows.Series;
            Report.Offset = rows.Time.Offset;
            switch (kind)
            {
                case RowKind.End:
                    yield break;
                case RowKind.Invalid:
                    string where = $"{path}:{number}";
                    if (policy == BadRowPolicy.Stop)
                    {
                        throw new InvalidDataException($"{where}: {error}{(error!.StartsWith("times go backwards", StringComparison.Ordinal) ? "" : " (--bad-rows skip skips such rows and counts them)")}");
                    }

                    Report.Skip(error!.Split(" (", 2)[0], where);
                    Rejected?.Invoke(series, line, where, error);
                    continue;
                case RowKind.Bar when bar.Timestamp >= _range.To:
                    Report.OutOfRange++;
                    if (rows.Layout.Series < 0)
                    {
                        yield break;
                    }

                    continue;
                case RowKind.Bar when bar.Timestamp < _range.From:
                    Report.OutOfRange++;
                    continue;
                case RowKind.Bar:
                    Report.Accepted++;
                    yield return (series, bar);
                    continue;
                default:
                    continue;
            }
        }
    }

    /// <summary>Whether the file has a series column (its header alone is read).</summary>
    public static bool HasSeriesColumn(string path, BarFileOptions? options = null)
    {
        using TextReader text = Open(path);
        using SepReader csv = SepOptions.From(text);
        return BarLayout.Detect(csv.Header.ColNames, options?.Columns).Series >= 0;
    }

    /// <summary>The series a file with a series column holds, in order of first appearance; null for a one-series file.</summary>
    public static IReadOnlyList<string>? SeriesIn(string path, BarFileOptions? options = null)
    {
        using TextReader text = Open(path);
        using SepReader csv = SepOptions.From(text);
        BarLayout layout = BarLayout.Detect(csv.Header.ColNames, options?.Columns);
        if (layout.Series < 0)
        {
            return null;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (SepReader.Row row in csv)
        {
            if (layout.Series < row.ColCount && row[layout.Series].ToString() is { Length: > 0 } name && seen.Add(name))
            {
                order.Add(name);
            }
        }

        return order;
    }

    private (RowKind, string, Bar, string?, string, int) Next(RowReader rows)
    {
        try
        {
            return rows.Next(Report);
        }
        catch (TruncatedDataException ex)
        {
            throw new InvalidDataException($"{path}:{rows.LastLine + 1}: {ex.Message}", ex);
        }
    }

    private SepReader Csv(TextReader text)
    {
        try
        {
            SepReader csv = SepOptions.From(text);
            return csv.Header.ColNames.Count == 0 || (csv.Header.ColNames.Count == 1 && csv.Header.ColNames[0].Length == 0)
                ? throw new InvalidDataException($"{path}:1: the file is empty.")
                : csv;
        }
        catch (TruncatedDataException ex)
        {
            throw new InvalidDataException($"{path}:1: {ex.Message}", ex);
        }
    }

    private static StreamReader Open(string path)
    {
        FileStream file;
        try
        {
            file = File.OpenRead(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot read: {ex.Message}", ex);
        }

        Span<byte> magic = stackalloc byte[2];
        int read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        System.IO.Stream stream = read == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new CheckedGzipStream(file) : file;
        return new StreamReader(stream);
    }
}
