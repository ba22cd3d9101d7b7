using System.Globalization;
using System.Net;
using System.Text;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Intervals;
using StreamForecast.Forecasting.Scoring;

namespace StreamForecast.Predictor.Tools.Backtest;

/// <summary>
/// report.html: one self-contained page, offline, with uPlot (MIT, vendored under vendor/uplot and inlined):
/// a zoomable chart of the actual close against the one-minute forecasts of the LSTM and naive with the
/// LSTM's intervals, RMSE and MASE by horizon (a reference line at MASE = 1), and the tables as HTML.
/// </summary>
internal static class HtmlReport
{
    public static string Render(BacktestResult result)
    {
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Stream backtest: ").Append(Encode(result.Series)).Append("</title><style>");
        page.Append(Resource("uplot.css"));
        page.Append("body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}h2{margin-top:1.6em}");
        page.Append("table{border-collapse:collapse;font-size:13px;margin:0.5em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f4f4f4}");
        page.Append("td:nth-child(2),th:nth-child(2){text-align:left}tr.lstm td{font-weight:600}.note{color:#555;font-size:13px}.chart{margin:0.5em 0}</style></head>");
        page.Append("<body data-charts=\"0\"><h1>Backtest: ").Append(Encode(result.Series)).Append("</h1><p>");
        page.Append(Encode(string.Create(CultureInfo.InvariantCulture,
            $"{result.From} to {result.To}, model {result.ModelId}, K = {result.Horizon}, {result.Bars:N0} bars, {result.Gaps} gaps, gap rule: {result.GapRule}. A forecast for t+h is scored only against a bar at exactly t+h.")));
        page.Append("</p><h2>Actual close and one-minute forecasts</h2><p class=\"note\">Drag across the chart to zoom in, double-click to zoom out; click a legend entry to hide it.</p><div id=\"forecast\" class=\"chart\"></div>");
        page.Append("<h2>Error by horizon</h2><div id=\"rmse\" class=\"chart\"></div><div id=\"mase\" class=\"chart\"></div>");
        page.Append("<h2>Scores</h2>").Append(ScoreTable(result)).Append(IntervalTable(result));
        page.Append("<p class=\"note\">Charts: uPlot 1.6.32 (MIT licence, below), inlined.</p><details><summary class=\"note\">uPlot licence</summary><pre class=\"note\">")
            .Append(Encode(Resource("uplot.LICENSE"))).Append("</pre></details>");
        page.Append("<script>window.onerror=function(m){document.body.setAttribute('data-errors',(document.body.getAttribute('data-errors')||'')+m+';');};</script>");
        page.Append("<script>").Append(Resource("uplot.js")).Append("</script><script>const report=").Append(ReportData.Json(result)).Append(';').Append(Script).Append("</script></body></html>");
        return page.ToString();
    }

    private static string ScoreTable(BacktestResult result)
    {
        var table = new StringBuilder("<table><tr><th>h</th><th>model</th><th>n</th><th>RMSE</th><th>MAE</th><th>MASE</th><th>Theil U</th><th>direction hit</th></tr>");
        foreach (int h in Horizons(result))
        {
            for (int model = 0; model < ModelNames.All.Length; model++)
            {
                HorizonMetrics m = result.Metrics(model, h);
                table.Append(model == ModelNames.LstmIndex ? "<tr class=\"lstm\">" : "<tr>").Append(CultureInfo.InvariantCulture,
                    $"<td>{h}</td><td>{ModelNames.All[model]}</td><td>{m.N:N0}</td><td>{F(m.RmsePrice, "G5")}</td><td>{F(m.MaePrice, "G5")}</td><td>{F(m.Mase, "F4")}</td><td>{F(m.TheilU, "F4")}</td><td>{F(m.DirectionHit, "P1")}</td></tr>");
            }
        }

        return table.Append("</table>").ToString();
    }

    private static string IntervalTable(BacktestResult result)
    {
        IntervalSettings intervals = result.Intervals;
        if (!intervals.Enabled)
        {
            return "";
        }

        var table = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"<h2>Prediction intervals</h2><p class=\"note\">{Encode(intervals.Describe())}, scored when realised; coverage should match the level.</p>"));
        table.Append("<table><tr><th>h</th><th>model</th><th>level</th><th>n</th><th>coverage</th><th>mean width</th><th>Winkler</th></tr>");
        foreach (int h in Horizons(result))
        {
            for (int slot = 0; slot < intervals.Models.Count; slot++)
            {
                for (int level = 0; level < intervals.Levels.Count; level++)
                {
                    IntervalMetrics m = result.IntervalScores(slot, h, level);
                    table.Append(CultureInfo.InvariantCulture,
                        $"<tr><td>{h}</td><td>{ModelNames.All[intervals.Models[slot]]}</td><td>{intervals.LevelName(level)} %</td><td>{m.N:N0}</td><td>{F(m.Coverage, "P1")}</td><td>{F(m.Width, "G5")}</td><td>{F(m.Winkler, "G5")}</td></tr>");
                }
            }
        }

        return table.Append("</table>").ToString();
    }

    private static int[] Horizons(BacktestResult result) => [.. new[] { 1, 5, result.Horizon }.Where(h => h <= result.Horizon).Distinct()];

    private static string F(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "–";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Resource(string name)
    {
        using System.IO.Stream stream = typeof(HtmlReport).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"resource {name} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    // Draws the three charts from `report` (ReportData); sets data-charts to the number drawn.
    private const string Script = """
        const width = Math.min(1000, document.body.clientWidth);
        const colours = ["#111", "#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];
        function draw(id, opts, data) { new uPlot(Object.assign({ width: width, height: 340 }, opts), data, document.getElementById(id)); }
        const f = report.forecast;
        const fSeries = [{}, { label: "actual", stroke: colours[0], width: 1.5 }, { label: "lstm (t+1)", stroke: colours[1] }, { label: "naive (t+1)", stroke: colours[2], dash: [6, 4] }];
        const fData = [f.t, f.actual, f.lstm, f.naive];
        const bands = [];
        f.bands.forEach(function (b, i) {
          const lo = fData.length;
          fSeries.push({ label: "lstm " + b.level + " % lower", stroke: "rgba(214,39,40,0.35)", dash: [2, 3] });
          fSeries.push({ label: "lstm " + b.level + " % upper", stroke: "rgba(214,39,40,0.35)", dash: [2, 3] });
          fData.push(b.lower, b.upper);
          bands.push({ series: [lo + 1, lo], fill: "rgba(214,39,40," + (0.08 + 0.07 * i) + ")" });
        });
        draw("forecast", { title: "Actual close, one-minute forecasts and the LSTM's intervals (UTC)", series: fSeries, bands: bands, scales: { x: { time: true } }, axes: [{}, { label: "close", size: 70 }] }, fData);
        const h = report.horizons;
        const few = h.h.length < 3;
        function byHorizon(metric) { return h.models.map(function (m, i) { return { label: m.name, stroke: colours[(i + 1) % colours.length], width: m.name === "lstm" ? 2.5 : 1.5, dash: m.name === "lstm" ? undefined : [6, 4], points: { show: few } }; }); }
        const hAxes = [{ label: "horizon (minutes)", values: function (u, v) { return v.map(function (x) { return Number.isInteger(x) ? x : ""; }); } }, { size: 70 }];
        draw("rmse", { title: "RMSE of the forecast close by horizon", series: [{}].concat(byHorizon()), scales: { x: { time: false } }, axes: [hAxes[0], { label: "RMSE (price)", size: 70 }] }, [h.h].concat(h.models.map(function (m) { return m.rmse; })));
        draw("mase", { title: "MASE against naive by horizon (below 1 beats naive)", series: [{}].concat(byHorizon(), [{ label: "MASE = 1", stroke: "#888", dash: [2, 2] }]), scales: { x: { time: false } }, axes: [hAxes[0], { label: "MASE", size: 70 }] },
          [h.h].concat(h.models.map(function (m) { return m.mase; }), [h.h.map(function () { return 1; })]));
        document.body.setAttribute("data-charts", String(document.querySelectorAll(".uplot").length));
        """;
}
