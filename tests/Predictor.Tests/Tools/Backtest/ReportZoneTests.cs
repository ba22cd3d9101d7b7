using System.Text.RegularExpressions;
using StreamForecast.Engine.Inference;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Tests.Forecasts;
using StreamForecast.MarketData;
using StreamForecast.Predictor.Tools.Backtest;

namespace StreamForecast.Predictor.Tests.Tools.Backtest;

/// <summary>A New York session is drawn from 09:30, in the zone the file's times say or --tz names, not in UTC.</summary>
public sealed class ReportZoneTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("stream-zone-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("-05:00", null, "UTC-05:00")]
    [InlineData("", "America/New_York", "America/New_York")]
    public void TheReport_ShowsASessionInItsOwnZone(string offset, string? zone, string shown)
    {
        // 2024-01-02 09:30 in New York is 14:30 UTC: with an offset in the file, or UTC times and --tz.
        DateTimeOffset open = new(2024, 1, 2, 9, 30, 0, TimeSpan.FromHours(-5));
        string time(int minute) => offset.Length > 0 ? open.AddMinutes(minute).ToString("yyyy-MM-dd HH:mm:sszzz") : open.AddMinutes(minute).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ");
        string path = Path.Combine(_directory, "session.csv");
        File.WriteAllLines(path, ["Datetime,Close", .. Enumerable.Range(0, 60).Select(m => $"{time(m)},{100 + (m % 3)}")]);
        var options = new BarFileOptions(TimeZone: zone);
        var reader = new BarReader(path, options: options);
        ForecastModel model = TestForecasters.Recursive();
        using var backend = new CpuLstmBackend(model.Checkpoint.Parameters);

        BacktestResult result = Backtester.Run(model, backend, reader, "ACME", "start", "end", TestForecasters.Settings(2)) with { Zone = ReportZone.Of(options, reader.Report) };
        string html = HtmlReport.Render(result);

        long first = long.Parse(Regex.Match(html, "\"t\":\\[(\\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("09:30", DateTimeOffset.FromUnixTimeSeconds(first).ToString("HH:mm"));
        Assert.Contains($"\"zone\":\"{shown}\"", html, StringComparison.Ordinal);
        Assert.Contains($"Times in {shown}.", html, StringComparison.Ordinal);
    }
}
