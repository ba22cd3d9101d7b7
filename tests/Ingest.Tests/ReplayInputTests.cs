using StreamForecast.Ingest.Replay;

namespace StreamForecast.Ingest.Tests;

public sealed class ReplayInputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("stream-inputs-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void From_OneLongFile_EverySeriesInItOrTheNamedOnes()
    {
        string path = Write("ticker,time,close", "AAA,1497830400000,10", "BBB,1497830400000,20", "AAA,1497830460000,11", "CCC,1497830460000,30");

        Assert.Equal(["AAA", "BBB", "CCC"], ReplayInput.From([path], [], null, null).Select(i => i.Series));
        Assert.Equal(["CCC", "AAA"], ReplayInput.From([path], ["CCC", "AAA"], null, null).Select(i => i.Series));
        Assert.Equal([10.0, 11.0], new MarketData.BarReader(path, options: ReplayInput.From([path], ["AAA"], null, null)[0].Read).ReadAll().Select(b => b.Close));
        var missing = Assert.Throws<FormatException>(() => ReplayInput.From([path], ["DDD"], null, null));
        Assert.Contains("no rows of DDD", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_OneSeriesFiles_PairedWithNamesInOrder()
    {
        string a = Write("timestamp,close", "1497830400,1"), b = Write("timestamp,close", "1497830400,2");

        Assert.Equal([(a, "A"), (b, "B")], ReplayInput.From([a, b], ["A", "B"], null, null).Select(i => (i.Path, i.Series)));
        Assert.Throws<FormatException>(() => ReplayInput.From([a, b], ["A"], null, null));
    }

    private string Write(params string[] lines)
    {
        string path = Path.Combine(_directory, $"{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }
}
