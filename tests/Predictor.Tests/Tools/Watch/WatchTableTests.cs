using System.Text.Json;
using StreamForecast.Contracts;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Predictor.Tools.Watch;

namespace StreamForecast.Predictor.Tests.Tools.Watch;

public sealed class WatchTableTests
{
    [Fact]
    public void TheCompactLayout_FitsARowInto100Columns_AndNamesTheDifferenceForWhatItIs()
    {
        SeriesView view = Busy("EUR/USD", 31_493, 30_871, close: 1.14231, lstm: 1.142318, q: 0.00021);

        string row = "| " + string.Join(" | ", WatchTable.Cells(view, 10, compact: true)) + " |";
        string[] full = WatchTable.Columns(10, compact: false);

        Assert.True(row.Length <= 100, $"{row.Length} columns: {row}");
        Assert.Equal("| EUR/USD | 31,493 | 30,871 | 622 | 60 / 157 | 1.1423 / 1.1423 | 1.0062 / 1.0153 | 80 %/95 % |", row);
        Assert.Contains("bars − predictions", full);
        Assert.DoesNotContain("lag (bars)", full);
        Assert.Equal(WatchTable.Columns(10, compact: true).Length, WatchTable.Cells(view, 10, compact: true).Count());
        Assert.Equal(full.Length, WatchTable.Cells(view, 10, compact: false).Count());
    }

    private static SeriesView Busy(string series, long bars, long predictions, double close, double lstm, double q)
    {
        var view = new SeriesView(series) { Bars = bars, Predictions = predictions, Scores = predictions - 5 };
        view.AddLatency(60);
        view.AddLatency(60);
        view.AddLatency(157);
        var prediction = new Prediction(series, 1_498_867_140, close, "m", "1", 10, [.. Enumerable.Repeat(lstm, 10)],
            [.. ModelNames.All.Skip(1).Select(model => new BaselineForecast(model, close, 0))], [new PredictionInterval(95, [.. Enumerable.Repeat<double?>(q, 10)])]);
        double?[] mase = [1.0062, .. Enumerable.Repeat<double?>(1.01, 8), 1.0153];
        long[] n = [.. Enumerable.Repeat(predictions, 10)];
        ModelMetrics Model(string name) => new(name, n, [.. Enumerable.Repeat<double?>(0.0001, 10)], [.. Enumerable.Repeat<double?>(0.0001, 10)], mase, mase);
        IntervalScores Level(double level) => new(ModelNames.Lstm, level, n, [.. Enumerable.Repeat<double?>(level / 100 + 0.001, 10)], [.. Enumerable.Repeat<double?>(0.0004, 10)], [.. Enumerable.Repeat<double?>(0.0006, 10)]);
        var metrics = new SeriesMetrics(series, 1_498_867_140, bars, 10, [.. ModelNames.All.Select(Model)], [Level(80), Level(95)]);
        view.LastPredictionBytes = JsonSerializer.SerializeToUtf8Bytes(prediction, ContractsJson.Default.Prediction);
        view.LastMetricsBytes = JsonSerializer.SerializeToUtf8Bytes(metrics, ContractsJson.Default.SeriesMetrics);
        return view;
    }
}
