namespace StreamForecast.MarketData;

/// <summary>Counts of what a <see cref="BarReader"/> saw; always reported, whatever the policy.</summary>
internal sealed class BarReadReport
{
    private readonly Dictionary<string, long> _skipped = new(StringComparer.Ordinal);

    /// <summary>Which columns were read as what (see <see cref="BarLayout"/>).</summary>
    public string Layout { get; internal set; } = "";

    /// <summary>What the times were read as: unix seconds, milliseconds, microseconds or ISO 8601.</summary>
    public string Times { get; internal set; } = "";

    /// <summary>In a file with a series column, the series its rows named, in order of first appearance.</summary>
    public IReadOnlyList<string> Series { get; internal set; } = [];

    /// <summary>The UTC offset the file's times were written with, when they carry one (else null).</summary>
    public TimeSpan? Offset { get; internal set; }

    /// <summary>Data rows read (header excluded).</summary>
    public long Rows { get; internal set; }

    /// <summary>Rows inside the date range that passed validation.</summary>
    public long Accepted { get; internal set; }

    /// <summary>Kaggle rows of NaN: minutes without trades, not errors.</summary>
    public long EmptyMinutes { get; internal set; }

    /// <summary>Valid rows outside the requested date range.</summary>
    public long OutOfRange { get; internal set; }

    /// <summary>Rows rejected, by reason (only under <see cref="BadRowPolicy.Skip"/>).</summary>
    public IReadOnlyDictionary<string, long> Skipped => _skipped;

    public long SkippedTotal => _skipped.Values.Sum();

    /// <summary>The first rejected row, for the log: "file:line: reason".</summary>
    public string? FirstError { get; private set; }

    internal void Skip(string reason, string where)
    {
        _skipped[reason] = _skipped.GetValueOrDefault(reason) + 1;
        FirstError ??= $"{where}: {reason}";
    }

    public override string ToString()
    {
        string skipped = _skipped.Count == 0 ? "0" : $"{SkippedTotal} ({string.Join(", ", _skipped.Select(pair => $"{pair.Key}: {pair.Value}"))})";
        return $"{Rows} rows, {Accepted} accepted, {OutOfRange} outside the range, {EmptyMinutes} empty minutes, skipped {skipped}; times read as {Times}; columns {Layout}";
    }
}
