using System.IO.Compression;

namespace StreamForecast.MarketData.Tests;

/// <summary>The layouts people have, read without flags (issue: bring your own data).</summary>
public sealed class BarLayoutTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("stream-layouts-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Read_YfinanceExport_UsesCloseNotAdjClose_AndTheOffsets()
    {
        string path = Write(
            "Datetime,Open,High,Low,Close,Adj Close,Volume",
            "2024-01-02 09:30:00-05:00,187.15,188.44,187.01,188.2,188.2,5200000",
            "2024-01-02 09:31:00-05:00,188.2,188.5,187.9,188.0,187.7,1200000");
        var reader = new BarReader(path);

        List<Bar> bars = reader.ReadAll();

        Assert.Equal([1704205800L, 1704205860L], bars.Select(b => b.Timestamp));
        Assert.Equal([188.2, 188.0], bars.Select(b => b.Close));
        Assert.Equal("ISO 8601 date-times with offsets", reader.Report.Times);
    }

    [Theory]
    [InlineData(1L, "unix seconds")]
    [InlineData(1_000L, "unix milliseconds")]
    [InlineData(1_000_000L, "unix microseconds")]
    public void Read_UnixTimes_UnitDecidedByMagnitudeAndReported(long scale, string unit)
    {
        string path = Write("time,open,high,low,close,volume", $"{1497830400 * scale},1,2,0.5,1.5,1", $"{1497830460 * scale},1,2,0.5,1.5,1");
        var reader = new BarReader(path, range: DateRange.Parse("2017-06-19", "2017-06-19"));

        Assert.Equal([1497830400L, 1497830460L], reader.ReadAll().Select(b => b.Timestamp));
        Assert.Equal(unit, reader.Report.Times);
    }

    [Fact]
    public void Read_SemicolonsQuotesUpperCaseAndNoVolume()
    {
        string path = Write("\"TIMESTAMP\" ; \"Open\";\"High\";\"Low\";\"Close\"", "\"2017-06-19T00:00:00Z\";1;2;0.5;1.5", "\"2017-06-19T00:01:00Z\";1;2;0.5;1.25");

        List<Bar> bars = new BarReader(path).ReadAll();

        Assert.Equal([1497830400L, 1497830460L], bars.Select(b => b.Timestamp));
        Assert.Equal([0.0, 0.0], bars.Select(b => b.Volume));
    }

    [Fact]
    public void Read_CloseOnlyTabSeparatedWithTimeZone_OpenHighLowAreTheClose()
    {
        string path = Write("time\tclose", "2017-06-19 02:00\t1.5", "2017-06-19 02:01\t1.75");

        List<Bar> bars = new BarReader(path, options: new BarFileOptions(TimeZone: "Europe/Berlin")).ReadAll();

        Assert.Equal([1497830400L, 1497830460L], bars.Select(b => b.Timestamp));
        Assert.All(bars, b => Assert.True(b.Open == b.Close && b.High == b.Close && b.Low == b.Close));
    }

    [Theory]
    [InlineData("Date,Time,Close", "2017-06-19,00:00,1.5", "2017-06-19,00:01,1.5")]
    [InlineData("\"Date\";\"Time\";\"Close\"", "\"2017-06-19\";\"00:00\";\"1.5\"", "\"2017-06-19\";\"00:01\";\"1.5\"")]
    public void Read_DateAndTimeColumns_AreJoined(string header, string first, string second)
    {
        string path = Write(header, first, second);

        Assert.Equal([1497830400L, 1497830460L], new BarReader(path).ReadAll().Select(b => b.Timestamp));
    }

    [Fact]
    public void Read_ColumnsMapping_ForAnyOtherNames()
    {
        string path = Write("when,px,qty", "1497830400,1.5,3", "1497830460,1.6,4");

        List<Bar> bars = new BarReader(path, options: new BarFileOptions(Columns: "time=when,close=px,volume=qty")).ReadAll();

        Assert.Equal([1.5, 1.6], bars.Select(b => b.Close));
        Assert.Equal([3.0, 4.0], bars.Select(b => b.Volume));
    }

    [Fact]
    public void Read_LongFileWithSeveralSeries_SelectsOneOrReadsAllKeyed()
    {
        string path = Write(
            "symbol,timestamp,close",
            "AAA,1497830400,10", "BBB,1497830400,20", "AAA,1497830460,11", "BBB,1497830460,21", "BBB,1497830520,22");

        Assert.Equal([20.0, 21.0, 22.0], new BarReader(path, options: new BarFileOptions(Series: "BBB")).ReadAll().Select(b => b.Close));
        Assert.Equal(["AAA", "BBB", "AAA", "BBB", "BBB"], new BarReader(path).ReadKeyed("x").Select(k => k.Series));
        var missing = Assert.Throws<InvalidDataException>(() => new BarReader(path, options: new BarFileOptions(Series: "CCC")).ReadAll());
        Assert.Contains("no rows of series 'CCC'", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedGzip_SaysSo()
    {
        string plain = string.Join('\n', ["timestamp,open,high,low,close,volume", .. Enumerable.Range(0, 20_000).Select(i => $"{1497830400 + (60 * i)},1,2,0.5,1.5,{i}")]);
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(plain));
        }

        string path = Path.Combine(_directory, "cut.csv.gz");
        File.WriteAllBytes(path, memory.ToArray()[..(int)(memory.Length / 2)]);

        var error = Assert.Throws<InvalidDataException>(() => new BarReader(path).ReadAll());
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{path}:", error.Message, StringComparison.Ordinal);
    }

    private string Write(params string[] lines)
    {
        string path = Path.Combine(_directory, $"{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }
}
