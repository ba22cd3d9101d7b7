using StreamForecast.Contracts;
using StreamForecast.MarketData;

namespace StreamForecast.Ingest.Replay;

/// <summary>
/// One file read once, and the series sent from it: the one series of a file without a series column, or any
/// number of series of a long file (one with a series column), all in one pass in file order. A long file in
/// time order thus replays as fast with thousands of series as with two; one that is not (grouped by series)
/// is read once per series instead, so that the merge by time still holds.
/// </summary>
/// <param name="Path">The file.</param>
/// <param name="Series">Its series to send (in the order given, or of first appearance).</param>
/// <param name="Options">How to read it.</param>
/// <param name="Long">Whether the file has a series column.</param>
internal sealed record ReplaySource(string Path, IReadOnlyList<string> Series, BarFileOptions Options, bool Long)
{
    /// <summary>The inputs' files, each read once: the inputs of one long file together, in the inputs' order.</summary>
    public static IReadOnlyList<ReplaySource> Of(IReadOnlyList<ReplayInput> inputs)
    {
        var sources = new List<ReplaySource>();
        var longFiles = new Dictionary<(string, string?, string?), int>();
        foreach (ReplayInput input in inputs)
        {
            BarFileOptions options = input.Options ?? BarFileOptions.Default;
            var file = (input.Path, options.Columns, options.TimeZone);
            if (longFiles.TryGetValue(file, out int at))
            {
                sources[at] = sources[at] with { Series = [.. sources[at].Series, input.Series] };
            }
            else if (BarReader.HasSeriesColumn(input.Path, options))
            {
                longFiles[file] = sources.Count;
                sources.Add(new ReplaySource(input.Path, [input.Series], options with { Series = null }, Long: true));
            }
            else
            {
                sources.Add(new ReplaySource(input.Path, [input.Series], options with { Series = input.Series }, Long: false));
            }
        }

        return sources;
    }

    /// <summary>The same file read once per series (for a long file whose rows are not in time order).</summary>
    public IEnumerable<ReplaySource> PerSeries() => Series.Select(name => this with { Series = [name] });

    /// <summary>The source's bars, in file order, from a reader of <see cref="Reader"/>.</summary>
    public IEnumerable<MinuteBar> Bars(BarReader reader)
    {
        IReadOnlySet<string>? only = Long ? new HashSet<string>(Series, StringComparer.Ordinal) : null;
        foreach (var (series, bar) in reader.ReadKeyed(Series[0], only))
        {
            yield return new MinuteBar(Long ? series : Series[0], bar.Timestamp, bar.Open, bar.High, bar.Low, bar.Close, bar.Volume);
        }
    }

    /// <summary>A reader of the file over <paramref name="range"/>; rows skipped under Skip go to <paramref name="rejected"/> with their series.</summary>
    public BarReader Reader(BadRowPolicy policy, DateRange range, Action<string, string, string, string>? rejected = null) =>
        new(Path, policy, range, Options) { Rejected = rejected is null ? null : (series, line, where, reason) => rejected(Long ? series : Series[0], line, where, reason) };
}
