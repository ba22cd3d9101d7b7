using System.Globalization;
using System.Net;
using System.Text;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Intervals;
using StreamForecast.Forecasting.Scoring;

namespace StreamForecast.Predictor.Tools.Backtest;

/// <summary>
/// report.html: one self-contained page, offline, with uPlot (MIT, vendored under vendor/uplot and inlined): the
/// verdict in one line, a zoomable chart of the actual close against the one-minute forecasts of the LSTM and naive
/// with the LSTM's intervals filled, and under it their errors (where the lines that lie on top of each other in
/// price part), both opening on the last hours and zoomed together, in the data's zone; RMSE and MASE by horizon
/// (a reference line at MASE = 1), and the tables as HTML.
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
        page.Append("td:nth-child(2),th:nth-child(2){text-align:left}tr.lstm td{font-weight:600}.note{color:#555;font-size:13px}.chart{margin:0.5em 0}");
        page.Append(".verdict{font-size:17px;font-weight:600;border-left:4px solid #d62728;padding:0.3em 0.8em;background:#fafafa}</style></head>");
        page.Append("<body data-charts=\"0\"><h1>Backtest: ").Append(Encode(result.Series)).Append("</h1>");
        page.Append("<p id=\"verdict\" class=\"verdict\">").Append(Encode(ReportVerdict.Line(result))).Append("</p><p>");
        page.Append(Encode(string.Create(CultureInfo.InvariantCulture,
            $"{result.From} to {result.To}, model {result.ModelId}, K = {result.Horizon}, {result.Bars:N0} bars, {result.Gaps} gaps, gap rule: {result.GapRule}. A forecast for t+h is scored only against a bar at exactly t+h.")));
        page.Append("</p><h2>Actual close and one-minute forecasts</h2><p class=\"note\">Times in ").Append(Encode(result.Zone.Name))
            .Append(". The charts open on the last six hours: drag across either to zoom in, double-click to see everything; click a legend entry to hide it.</p><div id=\"forecast\" class=\"chart\"></div><div id=\"residual\" class=\"chart\"></div>");
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
        const utc = function (ts) { return uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"); };
        function draw(id, opts, data, height) { return new uPlot(Object.assign({ width: width, height: height || 340, tzDate: utc }, opts), data, document.getElementById(id)); }
        const f = report.forecast;
        const edge = function (label) { return { label: label, stroke: "rgba(214,39,40,0.25)", width: 0, points: { show: false } }; };
        const fSeries = [{}, { label: "actual", stroke: colours[0], width: 1.5 }, { label: "lstm (t+1)", stroke: colours[1] }, { label: "naive (t+1)", stroke: colours[2], dash: [6, 4] }];
        const fData = [f.t, f.actual, f.lstm, f.naive];
        const rSeries = [{}, { label: "lstm error", stroke: colours[1] }, { label: "naive error", stroke: colours[2], dash: [6, 4] }];
        const rData = [f.t, f.t.map(function (t, i) { return f.lstm[i] == null ? null : f.lstm[i] - f.actual[i]; }), f.t.map(function (t, i) { return f.naive[i] == null ? null : f.naive[i] - f.actual[i]; })];
        const fBands = [], rBands = [];
        f.bands.forEach(function (b, i) {
          const fill = "rgba(214,39,40," + (0.12 + 0.10 * i) + ")";
          fSeries.push(edge("lstm " + b.level + " % lower"), edge("lstm " + b.level + " % upper"));
          fBands.push({ series: [fData.length + 1, fData.length], fill: fill });
          fData.push(b.lower, b.upper);
          rSeries.push(edge(b.level + " % band low"), edge(b.level + " % band high"));
          rBands.push({ series: [rData.length + 1, rData.length], fill: fill });
          rData.push(b.q.map(function (q) { return q == null ? null : -q; }), b.q);
        });
        let syncing = false;
        const charts = [];
        const follow = { setScale: [function (u, key) {
          if (key !== "x" || syncing) return;
          syncing = true;
          charts.forEach(function (other) { if (other !== u) other.setScale("x", { min: u.scales.x.min, max: u.scales.x.max }); });
          syncing = false;
        }] };
        const sync = { key: "forecast" };
        const price = draw("forecast", { title: "Actual close, one-minute forecasts and the LSTM's intervals (" + report.zone + ")", series: fSeries, bands: fBands, scales: { x: { time: true } }, axes: [{}, { label: "close", size: 70 }], cursor: { sync: sync }, hooks: follow }, fData);
        const residual = draw("residual", { title: "Error of the one-minute forecasts (forecast − actual) and the LSTM's intervals around 0", series: rSeries, bands: rBands, scales: { x: { time: true } }, axes: [{}, { label: "error", size: 70 }], cursor: { sync: sync }, hooks: follow }, rData, 220);
        charts.push(price, residual);
        const last = f.t[f.t.length - 1], first = Math.max(f.t[0], last - 6 * 3600);
        price.setScale("x", { min: first, max: last });
        const h = report.horizons;
        const few = h.h.length < 3;
        function byHorizon(metric) { return h.models.map(function (m, i) { return { label: m.name, stroke: colours[(i + 1) % colours.length], width: m.name === "lstm" ? 2.5 : 1.5, dash: m.name === "lstm" ? undefined : [6, 4], points: { show: few } }; }); }
        const hAxes = [{ label: "horizon (minutes)", values: function (u, v) { return v.map(function (x) { return Number.isInteger(x) ? x : ""; }); } }, { size: 70 }];
        draw("rmse", { title: "RMSE of the forecast close by horizon", series: [{}].concat(byHorizon()), scales: { x: { time: false } }, axes: [hAxes[0], { label: "RMSE (price)", size: 70 }] }, [h.h].concat(h.models.map(function (m) { return m.rmse; })));
        draw("mase", { title: "MASE against naive by horizon (below 1 beats naive)", series: [{}].concat(byHorizon(), [{ label: "MASE = 1", stroke: "#888", dash: [2, 2] }]), scales: { x: { time: false } }, axes: [hAxes[0], { label: "MASE", size: 70 }] },
          [h.h].concat(h.models.map(function (m) { return m.mase; }), [h.h.map(function () { return 1; })]));
        // For the headless check: the share of points in view whose widest band, between its lower edge and the LSTM line, is painted.
        function bandPainted() {
          if (f.bands.length === 0) return "none";
          const b = f.bands[0], ctx = price.ctx;
          let painted = 0, sampled = 0;
          for (let i = 0; i < f.t.length; i++) {
            if (f.t[i] < first || b.lower[i] == null || f.lstm[i] == null) continue;
            const x = Math.round(price.valToPos(f.t[i], "x", true)), lo = price.valToPos(b.lower[i], "y", true), mid = price.valToPos(f.lstm[i], "y", true);
            if (Math.abs(lo - mid) < 6) continue;
            const p = ctx.getImageData(x, Math.round((lo + mid) / 2), 1, 1).data;
            sampled++;
            if (p[3] > 0 && !(p[0] > 245 && p[1] > 245 && p[2] > 245)) painted++;
          }
          return sampled === 0 ? "none" : (painted / sampled).toFixed(2);
        }
        queueMicrotask(function () { queueMicrotask(function () {
          document.body.setAttribute("data-band-painted", bandPainted());
          document.body.setAttribute("data-view", (price.scales.x.max - price.scales.x.min) + "," + (residual.scales.x.max - residual.scales.x.min));
          document.body.setAttribute("data-charts", String(document.querySelectorAll(".uplot").length));
        }); });
        """;
}
