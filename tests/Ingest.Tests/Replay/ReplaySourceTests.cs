using StreamForecast.Contracts;
using StreamForecast.Ingest.Replay;
using StreamForecast.MarketData;

namespace StreamForecast.Ingest.Tests.Replay;

public sealed class ReplaySourceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("stream-sources-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Of_ALongFilesSeries_AreOneSourceReadOnceInFileOrder_AsTheMergeOfOneReaderASeriesWouldGive()
    {
        string path = Write("ticker,time,close", "AAA,1497830400000,10", "BBB,1497830400000,20", "CCC,1497830400000,5", "AAA,1497830460000,11", "CCC,1497830460000,30", "BBB,1497830520000,21");
        IReadOnlyList<ReplayInput> inputs = ReplayInput.From([path], ["AAA", "BBB"], null, null);

        ReplaySource source = Assert.Single(ReplaySource.Of(inputs));
        Assert.Equal(["AAA", "BBB"], source.Series);
        List<MinuteBar> once = [.. source.Bars(source.Reader(BadRowPolicy.Stop, DateRange.All))];
        List<MinuteBar> perSeries = [.. MergedBars.Merge([.. inputs.Select(i => (i.Series, new BarReader(path, options: i.Read).Read()))])];

        Assert.Equal(["AAA@10", "BBB@20", "AAA@11", "BBB@21"], once.Select(b => $"{b.Series}@{b.Close}"));
        Assert.Equal(perSeries, once);
    }

    [Fact]
    public void Of_OneSeriesFiles_EvenTheSameFileTwice_AreASourceEach()
    {
        string a = Write("timestamp,close", "1497830400,1", "1497830460,2");
        IReadOnlyList<ReplaySource> sources = ReplaySource.Of([new ReplayInput(a, "A"), new ReplayInput(a, "B")]);

        Assert.Equal([["A"], ["B"]], sources.Select(s => s.Series.ToArray()));
        Assert.Equal(["B", "B"], sources[1].Bars(sources[1].Reader(BadRowPolicy.Stop, DateRange.All)).Select(b => b.Series));
    }

    [Fact]
    public void Merge_StreamsOfManySeries_InTimeOrderWithTiesInStreamOrder()
    {
        static MinuteBar At(string series, long minute) => new(series, minute * 60, 1, 1, 1, 1, 0);
        IEnumerable<MinuteBar> merged = MergedBars.Merge([(IEnumerable<MinuteBar>)[At("A", 0), At("B", 0), At("A", 2)], [At("C", 0), At("C", 1)]]);

        Assert.Equal(["A0", "B0", "C0", "C1", "A2"], merged.Select(b => $"{b.Series}{b.Timestamp / 60}"));
    }

    private string Write(params string[] lines)
    {
        string path = Path.Combine(_directory, $"{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }
}
