using System.IO.Compression;
using System.Text;

namespace StreamForecast.MarketData.Tests;

public sealed class BarReaderTests : IDisposable
{
    private const string Header = "timestamp,open,high,low,close,volume";
    private readonly string _directory = Directory.CreateTempSubdirectory("stream-bars-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Read_GzipNamedCsvAndPlainNamedGz_DetectedByContent()
    {
        string text = $"{Header}\n60,1,2,0.5,1.5,3\n120,1.5,1.6,1.4,1.45,0\n";
        string gzipped = Path.Combine(_directory, "bars.csv"), plain = Path.Combine(_directory, "bars.csv.gz");
        using (var file = File.Create(gzipped))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        File.WriteAllText(plain, text);

        Assert.Equal(new BarReader(plain).ReadAll(), new BarReader(gzipped).ReadAll());
        Assert.Equal(new Bar(120, 1.5, 1.6, 1.4, 1.45, 0), new BarReader(plain).ReadAll()[1]);
    }

    [Fact]
    public void Read_KaggleLayoutWithNaNMinutes_CountsThemAsEmpty()
    {
        string path = Write(
            "Timestamp,Open,High,Low,Close,Volume_(BTC),Volume_(Currency),Weighted_Price",
            "1325317920,4.39,4.39,4.39,4.39,0.45558087,2.0000000193,4.39",
            "1325317980,NaN,NaN,NaN,NaN,NaN,NaN,NaN",
            "1325318040,4.39,4.4,4.38,4.4,1,4.4,4.39");
        var reader = new BarReader(path);

        List<Bar> bars = reader.ReadAll();

        Assert.Contains("volume=Volume_(BTC)", reader.Report.Layout, StringComparison.Ordinal);
        Assert.Equal([1325317920L, 1325318040L], bars.Select(b => b.Timestamp));
        Assert.Equal(1, reader.Report.EmptyMinutes);
    }

    [Theory]
    [InlineData("120,1,2,0.5,abc,1", "unparsable close ('abc')")]
    [InlineData("120,1,2,0.5,Infinity,1", "close is not finite")]
    [InlineData("120,1,2,0,1,1", "price not positive")]
    [InlineData("120,1,1.2,0.5,1.5,1", "high below open or close")]
    [InlineData("120,1,2,1.1,1.5,1", "low above open or close")]
    [InlineData("120,1,2,0.5,1.5,-1", "negative volume")]
    [InlineData("60,1,2,0.5,1.5,1", "duplicate timestamp (60)")]
    [InlineData("30,1,2,0.5,1.5,1", "times go backwards (1970-01-01 00:00 UTC after 1970-01-01 00:01 UTC): is the file newest-first? Sort it ascending, oldest row first")]
    [InlineData("120,1,2,0.5,1.5", "wrong field count (5, expected at least 6)")]
    [InlineData("x,1,2,0.5,1.5,1", "unparsable time ('x'; the file's times are unix seconds)")]
    public void Read_BadRowUnderStop_FailsNamingFileLineAndReason(string row, string reason)
    {
        string path = Write(Header, "60,1,2,0.5,1.5,1", row, "180,1,2,0.5,1.5,1");

        var error = Assert.Throws<InvalidDataException>(() => new BarReader(path).ReadAll());

        Assert.StartsWith($"{path}:3: {reason}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadRowsUnderSkip_KeepsTheRestAndCountsByReason()
    {
        string path = Write(Header, "60,1,2,0.5,1.5,1", "120,1,2,0.5,oops,1", "120,1,1.2,0.5,1.5,1", "180,1,2,0.5,1.5,1", "240,1,2,0.5,-1,1");
        var reader = new BarReader(path, BadRowPolicy.Skip);

        List<Bar> bars = reader.ReadAll();

        Assert.Equal([60L, 180L], bars.Select(b => b.Timestamp));
        Assert.Equal(3, reader.Report.SkippedTotal);
        Assert.Equal(1, reader.Report.Skipped["high below open or close"]);
        Assert.StartsWith($"{path}:3: unparsable close", reader.Report.FirstError, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ABadRowUnderStop_SuggestsSkipping_ButANewestFirstFileSaysToSort()
    {
        string bad = Write(Header, "60,1,2,0.5,1.5,1", "120,1,2,0.5,oops,1");
        string newestFirst = Write("Datetime,Open,High,Low,Close,Volume", "2024-01-02 16:00,1,2,0.5,1.5,1", "2024-01-02 15:59,1,2,0.5,1.5,1");

        var skip = Assert.Throws<InvalidDataException>(() => new BarReader(bad).ReadAll());
        var sort = Assert.Throws<InvalidDataException>(() => new BarReader(newestFirst).ReadAll());

        Assert.EndsWith("(--bad-rows skip skips such rows and counts them)", skip.Message, StringComparison.Ordinal);
        Assert.Equal($"{newestFirst}:3: times go backwards (2024-01-02 15:59 UTC after 2024-01-02 16:00 UTC): is the file newest-first? Sort it ascending, oldest row first", sort.Message);
    }

    [Theory]
    [InlineData("01/04/2024 09:30", "date '01/04/2024' is not ISO 8601 (day/month or month/day?): write times as yyyy-MM-dd HH:mm (2024-04-01 if it is day/month, 2024-01-04 if month/day)")]
    [InlineData("13/04/2024", "date '13/04/2024' is not ISO 8601 (day/month or month/day?): write times as yyyy-MM-dd HH:mm (2024-04-13)")]
    public void Read_ASlashDate_IsRefusedWithTheIsoFormToUse(string time, string reason)
    {
        string path = Write("Date,Close", $"{time},1.5");

        var error = Assert.Throws<InvalidDataException>(() => new BarReader(path).ReadAll());

        Assert.StartsWith($"{path}:2: {reason}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_YFinanceThreeRowHeader_ReadsTheBarsUnderIt()
    {
        string path = Write(
            "Price,Close,High,Low,Open,Volume",
            "Ticker,AAPL,AAPL,AAPL,AAPL,AAPL",
            "Datetime,,,,,",
            "2024-01-02 14:30:00+00:00,187.1,188.4,186.9,187.2,1000",
            "2024-01-02 14:31:00+00:00,187.3,187.5,187.0,187.1,900");
        var reader = new BarReader(path);

        List<Bar> bars = reader.ReadAll();

        Assert.Equal([new Bar(1704205800, 187.2, 188.4, 186.9, 187.1, 1000), new Bar(1704205860, 187.1, 187.5, 187.0, 187.3, 900)], bars);
        Assert.Contains("yfinance", reader.Report.Layout, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DateRange_KeepsWholeDaysInclusiveOfTo()
    {
        long day = 86400, june1 = 1496275200;
        string path = Write(Header, $"{june1 - 60},1,1,1,1,0", $"{june1},1,1,1,1,0", $"{june1 + day + day - 60},1,1,1,1,0", $"{june1 + (2 * day)},1,1,1,1,0");
        var reader = new BarReader(path, range: DateRange.Parse("2017-06-01", "2017-06-02"));

        Assert.Equal([june1, june1 + (2 * day) - 60], reader.ReadAll().Select(b => b.Timestamp));
        // The row that ends the read is outside the range too: every row is counted once.
        Assert.Equal(2, reader.Report.OutOfRange);
        Assert.Equal(reader.Report.Rows, reader.Report.Accepted + reader.Report.OutOfRange);
    }

    [Fact]
    public void Read_HeaderWithoutATimeColumn_SaysWhatItLooksForAndHowToMap()
    {
        var error = Assert.Throws<FormatException>(() => new BarReader(Write("when,value", "1,2")).ReadAll());

        Assert.Contains("no time column (timestamp|datetime|time|date)", error.Message, StringComparison.Ordinal);
        Assert.Contains("--columns time=NAME,close=NAME", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BundledBtcFile_MatchesItsDocumentedCoverage()
    {
        var reader = new BarReader(BundledData("btcusd-gdax-1m-2017-06-19_25.csv.gz"));

        List<Bar> bars = reader.ReadAll();

        Assert.Equal(9692, bars.Count);
        Assert.Equal(1497830400, bars[0].Timestamp);
        Assert.InRange(bars.Min(b => b.Close), 2430.05, 2430.05);
        Assert.InRange(bars.Max(b => b.Close), 2781.59, 2781.59);
    }

    private static string BundledData(string file)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "data", file)))
            {
                return Path.Combine(directory.FullName, "data", file);
            }
        }

        throw new FileNotFoundException($"data/{file} not found above the test directory.");
    }

    private string Write(params string[] lines)
    {
        string path = Path.Combine(_directory, $"{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }
}
