using System.Globalization;
using System.Net;
using System.Text;
using StreamForecast.MarketData;
using StreamForecast.Predictor.Forecasting;
using StreamForecast.Predictor.Intervals;
using StreamForecast.Predictor.Scoring;

namespace StreamForecast.Predictor.Backtest;

/// <summary>report.html: one self-contained page (inline SVG, no scripts) with the charts and the tables.</summary>
internal static class HtmlReport
{
    private const int WindowMinutes = 360;
    private const int MaxPoints = 1500;

    public static string Render(BacktestResult result, string markdownTables)
    {
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Stream backtest</title>");
        page.Append("<style>body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}pre{white-space:pre-wrap}</style></head><body>");
        page.Append(CultureInfo.InvariantCulture, $"<h1>Backtest: {WebUtility.HtmlEncode(result.Series)}</h1><p>{WebUtility.HtmlEncode($"{result.From} to {result.To}, model {result.ModelId}, horizon {result.Horizon}, gap rule: {result.GapRule}")}</p>");
        page.Append(OneStepWindow(result).Render());
        page.Append(Fan(result));
        page.Append(WholePeriod(result).Render());
        page.Append(ByHorizon(result, "RMSE of the forecast close by horizon", "RMSE (price)", m => m.RmsePrice).Render());
        page.Append(ByHorizon(result, "MASE against naive by horizon (below 1 beats naive)", "MASE", m => m.Mase).Render());
        page.Append("<h2>Tables</h2><pre>").Append(WebUtility.HtmlEncode(markdownTables)).Append("</pre></body></html>");
        return page.ToString();
    }

    /// <summary>The last hours: each minute's actual close next to the one-step forecasts made a minute before.</summary>
    private static SvgChart OneStepWindow(BacktestResult result)
    {
        var recent = result.Forecasts.Where(f => f.AsOf >= result.Forecasts[^1].AsOf - (WindowMinutes * 60)).ToList();
        long origin = recent.Count > 0 ? recent[0].AsOf : 0;
        var actual = result.Actuals.Where(a => a.Timestamp >= origin).Select(a => ((a.Timestamp - origin) / 60.0, a.Close)).ToList();
        var chart = new SvgChart($"Actual close and one-step forecasts, last {WindowMinutes / 60} hours", $"minutes after {DateRange.Format(origin)} UTC", "close")
            .Line("actual", actual);
        foreach (int model in new[] { ModelNames.LstmIndex, ModelNames.NaiveIndex })
        {
            chart.Line($"{ModelNames.All[model]} (t+1)", [.. recent.Select(f => ((f.AsOf + 60 - origin) / 60.0, f.ClosePrediction(model, 1)))], dashed: model != ModelNames.LstmIndex);
        }

        return chart;
    }

    /// <summary>The last hours: the actual close, the LSTM's one-step forecast and its intervals (when the LSTM has them).</summary>
    private static string Fan(BacktestResult result)
    {
        IntervalSettings intervals = result.Intervals;
        int slot = intervals.Slot(ModelNames.LstmIndex);
        if (slot < 0 || result.Forecasts.Count == 0)
        {
            return "";
        }

        var recent = result.Forecasts.Where(f => f.AsOf >= result.Forecasts[^1].AsOf - (WindowMinutes * 60)).ToList();
        long origin = recent[0].AsOf;
        var chart = new SvgChart($"Actual close, LSTM one-step forecast and its prediction intervals, last {WindowMinutes / 60} hours", $"minutes after {DateRange.Format(origin)} UTC", "close")
            .Line("actual", [.. result.Actuals.Where(a => a.Timestamp >= origin).Select(a => ((a.Timestamp - origin) / 60.0, a.Close))])
            .Line("lstm (t+1)", [.. recent.Select(f => ((f.AsOf + 60 - origin) / 60.0, f.ClosePrediction(ModelNames.LstmIndex, 1)))]);
        for (int level = intervals.Levels.Count - 1; level >= 0; level--)
        {
            foreach (int side in new[] { -1, 1 })
            {
                chart.Line($"{intervals.LevelName(level)} % {(side < 0 ? "lower" : "upper")}", [.. recent.Select(f =>
                    ((f.AsOf + 60 - origin) / 60.0, f.ClosePrediction(ModelNames.LstmIndex, 1) + (side * (f.HalfWidths?[intervals.Index(slot, 1, f.Horizon, level)] ?? double.NaN))))], dashed: true);
            }
        }

        return chart.Render();
    }

    private static SvgChart WholePeriod(BacktestResult result)
    {
        int step = Math.Max(1, result.Actuals.Count / MaxPoints);
        long origin = result.Actuals.Count > 0 ? result.Actuals[0].Timestamp : 0;
        var points = result.Actuals.Where((_, i) => i % step == 0).Select(a => ((a.Timestamp - origin) / 86400.0, a.Close)).ToList();
        return new SvgChart("Actual close over the backtest", $"days after {DateRange.Format(origin)} UTC", "close").Line("actual", points);
    }

    private static SvgChart ByHorizon(BacktestResult result, string title, string label, Func<HorizonMetrics, double> metric)
    {
        var chart = new SvgChart(title, "horizon (minutes)", label);
        for (int model = 0; model < ModelNames.All.Length; model++)
        {
            chart.Line(ModelNames.All[model], [.. Enumerable.Range(1, result.Horizon).Select(h => ((double)h, metric(result.Scores.Metrics(model, h))))], dashed: model != ModelNames.LstmIndex);
        }

        return chart;
    }
}
