using StreamForecast.Forecasting.Tests;
using System.Text.Json;
using StreamForecast.Engine.Inference;
using StreamForecast.MarketData;
using StreamForecast.Predictor.Tools.Backtest;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Tests.Forecasts;

namespace StreamForecast.Predictor.Tests.Tools.Backtest;

public sealed class BacktestReportTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("stream-backtest-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Reports_HaveTheDocumentedShapeAndAgreeWithEachOther()
    {
        ForecastModel model = TestForecasters.Recursive();
        using var backend = new CpuLstmBackend(model.Checkpoint.Parameters);
        var reader = new BarReader(Fixtures.Data("btcusd-gdax-1m-2017-06-19_25.csv.gz"), range: DateRange.Parse("2017-06-20", "2017-06-20"));
        BacktestResult result = Backtester.Run(model, backend, reader, "BTC-USD", "2017-06-20", "2017-06-20", TestForecasters.Settings(4));

        string json = Path.Combine(_directory, "report.json"), csv = Path.Combine(_directory, "predictions.csv");
        JsonReport.Write(json, result);
        PredictionsCsv.Write(csv, result.Forecasts, result.Actuals, result.Intervals);
        string html = HtmlReport.Render(result);

        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(json));
        JsonElement root = document.RootElement;
        Assert.Equal("BTC-USD", root.GetProperty("series").GetString());
        Assert.Equal(result.Bars, root.GetProperty("bars").GetInt64());
        Assert.Equal(result.Gaps, root.GetProperty("gaps").GetInt64());
        Assert.Equal(ModelNames.All, root.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        foreach (JsonElement model1 in root.GetProperty("models").EnumerateArray())
        {
            Assert.Equal([1, 2, 3, 4], model1.GetProperty("horizons").EnumerateArray().Select(h => h.GetProperty("h").GetInt32()));
            foreach (string field in new[] { "n", "rmse_price", "mae_price", "rmse_scaled", "mase", "theil_u", "direction_hit" })
            {
                Assert.True(model1.GetProperty("horizons")[0].TryGetProperty(field, out _), field);
            }
        }

        JsonElement naive1 = root.GetProperty("models")[ModelNames.NaiveIndex].GetProperty("horizons")[0];
        Assert.Equal(1.0, naive1.GetProperty("mase").GetDouble());
        Assert.Equal(JsonValueKind.Null, naive1.GetProperty("direction_hit").ValueKind);
        Assert.Equal((result.Forecasts.Count * ModelNames.All.Length * 4) + 1, File.ReadLines(csv).Count());

        // Intervals: the lstm and naive rows (the default interval models) carry them once warmed up; no byte-order mark.
        JsonElement lstm4 = root.GetProperty("models")[ModelNames.LstmIndex].GetProperty("horizons")[3];
        Assert.InRange(lstm4.GetProperty("coverage_95").GetDouble(), 0.8, 1.0);
        Assert.True(lstm4.GetProperty("width_80").GetDouble() < lstm4.GetProperty("width_95").GetDouble());
        Assert.True(lstm4.GetProperty("winkler_95").GetDouble() >= lstm4.GetProperty("width_95").GetDouble());
        Assert.False(root.GetProperty("models")[2].GetProperty("horizons")[0].TryGetProperty("coverage_80", out _));
        Assert.Equal((byte)'s', File.ReadAllBytes(csv)[0]);
        string[] lines = File.ReadAllLines(csv);
        Assert.Equal("series,asOf,model,h,predicted_close,actual_close,lower_80,upper_80,lower_95,upper_95", lines[0]);
        var rows = lines.Skip(1).Select(line => line.Split(',')).ToList();
        Assert.Contains(rows, row => row[2] == "lstm" && row[6] == "");
        var warm = rows.Where(row => row[2] is "lstm" or "naive" && row[6] != "").ToList();
        Assert.NotEmpty(warm);
        Assert.All(warm, row =>
        {
            double[] v = [.. row[4..].Where(x => x != "").Select(x => double.Parse(x, System.Globalization.CultureInfo.InvariantCulture))];
            Assert.True(v[^2] <= v[^4] && v[^4] <= v[0] && v[0] <= v[^3] && v[^3] <= v[^1], string.Join(',', row));
        });
        Assert.All(rows.Where(row => row[2] == "drift"), row => Assert.Equal("", row[6]));
        Assert.Contains(rows, row => row[5] != "");
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("uPlot", html, StringComparison.Ordinal);
        Assert.Contains("<table>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<pre>|", html, StringComparison.Ordinal);
    }

    [Fact]
    public void NaiveScores_EqualAHandComputedRandomWalkError()
    {
        ForecastModel model = TestForecasters.Recursive();
        List<Bar> bars = TestForecasters.Btc(400);
        var scores = new ScoreList();
        TestForecasters.Run(model, bars.Select(b => new SeriesBar("S", b)), TestForecasters.Settings(2), scores);

        var byTime = bars.ToDictionary(b => b.Timestamp, b => b.Close);
        var expected = bars.Skip(1)
            .Where(b => byTime.ContainsKey(b.Timestamp + 60))
            .Select(b => byTime[b.Timestamp + 60] - b.Close)
            .ToList();
        var naive = scores.Where(s => s.Model == ModelNames.NaiveIndex && s.Horizon == 1).Select(s => s.Actual - s.Predicted).ToList();

        Assert.Equal(expected.Count, naive.Count);
        Assert.Equal(expected, naive);
    }
}
