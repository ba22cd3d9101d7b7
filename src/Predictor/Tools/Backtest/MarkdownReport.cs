using System.Globalization;
using System.Text;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Intervals;
using StreamForecast.Forecasting.Scoring;

namespace StreamForecast.Predictor.Tools.Backtest;

/// <summary>report.md: the report as tables, LSTM against the baselines, per horizon.</summary>
internal static class MarkdownReport
{
    public static string Render(BacktestResult result, IReadOnlyList<int>? horizons = null)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## Backtest: {result.Series}, {result.From} to {result.To}, model `{result.ModelId}`");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"**{ReportVerdict.Line(result)}**");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{result.Bars} bars, {result.Gaps} gaps ({result.MissingMinutes} missing minutes, {result.FilledMinutes} zero-filled, {result.Resets} resets), {result.Forecasts.Count} forecasts; gap rule: {result.GapRule}. A forecast for t+h is scored only against a bar at exactly t+h.");
        text.AppendLine();
        text.AppendLine("| h | model | n | RMSE (price) | MAE (price) | RMSE (scaled) | MASE vs naive | Theil U | direction hit |");
        text.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (int h in horizons ?? [.. Enumerable.Range(1, result.Horizon)])
        {
            for (int model = 0; model < ModelNames.All.Length; model++)
            {
                HorizonMetrics m = result.Metrics(model, h);
                string name = model == ModelNames.LstmIndex ? "**lstm**" : ModelNames.All[model];
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {h} | {name} | {m.N} | {F(m.RmsePrice, "G5")} | {F(m.MaePrice, "G5")} | {F(m.RmseScaled, "F5")} | {F(m.Mase, "F4")} | {F(m.TheilU, "F4")} | {F(m.DirectionHit, "P1")} |");
            }
        }

        AppendIntervals(text, result, horizons ?? [.. Enumerable.Range(1, result.Horizon)]);
        return text.ToString();
    }

    /// <summary>Coverage (next to nominal), mean width and Winkler score of each interval model, horizon and level.</summary>
    private static void AppendIntervals(StringBuilder text, BacktestResult result, IReadOnlyList<int> horizons)
    {
        IntervalSettings intervals = result.Intervals;
        if (!intervals.Enabled)
        {
            return;
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Prediction intervals: {intervals.Describe()}, scored when realised.");
        text.AppendLine();
        text.AppendLine("| h | model | level | n | coverage | mean width | Winkler |");
        text.AppendLine("|---:|---|---:|---:|---:|---:|---:|");
        foreach (int h in horizons)
        {
            for (int slot = 0; slot < intervals.Models.Count; slot++)
            {
                for (int level = 0; level < intervals.Levels.Count; level++)
                {
                    IntervalMetrics m = result.IntervalScores(slot, h, level);
                    text.AppendLine(CultureInfo.InvariantCulture,
                        $"| {h} | {ModelNames.All[intervals.Models[slot]]} | {intervals.LevelName(level)} % | {m.N} | {F(m.Coverage, "P1")} | {F(m.Width, "G5")} | {F(m.Winkler, "G5")} |");
                }
            }
        }
    }

    private static string F(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "–";
}
