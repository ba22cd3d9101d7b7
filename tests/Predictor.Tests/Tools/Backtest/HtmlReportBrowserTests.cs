using StreamForecast.Forecasting.Tests;
using System.Diagnostics;
using StreamForecast.Engine.Inference;
using StreamForecast.MarketData;
using StreamForecast.Predictor.Tools.Backtest;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Tests.Forecasts;

namespace StreamForecast.Predictor.Tests.Tools.Backtest;

/// <summary>
/// report.html rendered by a real browser (Debian's chromium, headless): every chart drawn, no script error, the
/// intervals painted as filled bands, the first view on the last six hours of both the price and the error chart,
/// and the verdict at the top.
/// </summary>
public sealed class HtmlReportBrowserTests : IDisposable
{
    private static readonly string[] Browsers = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

    private readonly string _directory = Directory.CreateTempSubdirectory("stream-html-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(10)]
    [InlineData(1)]
    public void Report_InHeadlessChromium_DrawsEveryChartWithoutAScriptError_BandsFilled_ZoomedOnTheLastHours(int horizon)
    {
        ForecastModel model = ForecastModel.Load(Path.Combine(Fixtures.RepositoryRoot(), "models", "btcusd-lstm-2x100.safetensors"));
        using var backend = new CpuLstmBackend(model.Checkpoint.Parameters);
        var reader = new BarReader(Fixtures.Data("btcusd-gdax-1m-2017-06-19_25.csv.gz"), range: DateRange.Parse("2017-06-23", "2017-06-23"));
        BacktestResult result = Backtester.Run(model, backend, reader, "BTC-USD", "2017-06-23", "2017-06-23", TestForecasters.Settings(horizon));
        string page = Path.Combine(_directory, "report.html");
        File.WriteAllText(page, HtmlReport.Render(result));

        string dom = DumpDom(page);

        string body = Body(dom);
        Assert.DoesNotContain("data-errors", body, StringComparison.Ordinal);
        Assert.Contains("data-charts=\"4\"", body, StringComparison.Ordinal);
        Assert.Contains("data-view=\"21600,21600\"", body, StringComparison.Ordinal);
        double painted = double.Parse(System.Text.RegularExpressions.Regex.Match(body, "data-band-painted=\"([0-9.]+)\"").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(painted > 0.8, $"the 95 % band is painted at {painted:P0} of the sampled points: {body}");
        Assert.Contains("lstm 95 % lower", dom, StringComparison.Ordinal);
        Assert.Matches("<p id=\"verdict\" class=\"verdict\">Over 1,[0-9]{3} bars the LSTM's MAE is [0-9.]+ % (above|below) naive's at h = 1 \\((naive wins|the LSTM wins); MASE [0-9.]+, [0-9,]+ forecasts scored\\); 95 % coverage [0-9.]+ %\\.</p>", dom.Replace("&#39;", "'", StringComparison.Ordinal));
    }

    [Fact]
    public void Report_BrokenScript_IsCaughtByTheSameCheck()
    {
        // The check above can fail: a page whose script throws shows data-errors and draws nothing.
        string page = Path.Combine(_directory, "broken.html");
        File.WriteAllText(page, "<!DOCTYPE html><html><body data-charts=\"0\"><script>window.onerror=function(m){document.body.setAttribute('data-errors',m);};</script><script>undefinedFunction();</script></body></html>");

        Assert.Contains("data-errors=\"Uncaught ReferenceError", Body(DumpDom(page)), StringComparison.Ordinal);
    }

    /// <summary>The body's opening tag: its attributes say what the page's scripts did.</summary>
    private static string Body(string dom) => System.Text.RegularExpressions.Regex.Match(dom, "<body[^>]*>").Value;

    private static string DumpDom(string page)
    {
        string browser = Browsers.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("chromium is not installed (./stream test installs Debian's chromium)");
        var start = new ProcessStartInfo(browser) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1100,1800", "--dump-dom", new Uri(page).AbsoluteUri })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start");
        Task<string> errors = process.StandardError.ReadToEndAsync();
        string dom = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "chromium did not finish within 60 s");
        Assert.True(process.ExitCode == 0, $"chromium failed: {errors.Result}");
        return dom;
    }
}
