using System.Globalization;
using System.Text.Json;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Intervals;
using StreamForecast.Forecasting.Scoring;
using StreamForecast.Predictor.Service.Outputs;

namespace StreamForecast.Predictor.Tools.Backtest;

/// <summary>
/// report.json: <c>{"series","from","to","bars","gaps","models":[{"name","horizons":[{"h","n","rmse_price",
/// "mae_price","rmse_scaled","mase","theil_u","direction_hit"[,"coverage_80","width_80","winkler_80",…]}]}]}</c>
/// plus context fields; the interval fields for the models with intervals, one set per level. NaN is null.
/// </summary>
internal static class JsonReport
{
    public static void Write(string path, BacktestResult result)
    {
        using FileStream file = File.Create(path);
        using var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("series", result.Series);
        json.WriteString("from", result.From);
        json.WriteString("to", result.To);
        json.WriteNumber("bars", result.Bars);
        json.WriteNumber("gaps", result.Gaps);
        json.WriteString("model", result.ModelId);
        json.WriteString("gap_rule", result.GapRule);
        json.WriteNumber("missing_minutes", result.MissingMinutes);
        json.WriteNumber("filled_minutes", result.FilledMinutes);
        json.WriteNumber("resets", result.Resets);
        json.WriteNumber("warmup_bars", result.Warmup);
        json.WriteNumber("forecasts", result.Forecasts.Count);
        json.WriteNumber("skipped_rows", result.Read.SkippedTotal);
        json.WriteString("scoring", "a forecast for t+h is scored only against an actual bar at exactly t+h; targets that fall in a gap are not scored");
        json.WriteString("intervals", result.Intervals.Enabled ? result.Intervals.Describe() : "none");
        json.WriteStartArray("models");
        for (int model = 0; model < ModelNames.All.Length; model++)
        {
            json.WriteStartObject();
            json.WriteString("name", ModelNames.All[model]);
            json.WriteStartArray("horizons");
            for (int h = 1; h <= result.Horizon; h++)
            {
                HorizonMetrics m = result.Metrics(model, h);
                json.WriteStartObject();
                json.WriteNumber("h", m.H);
                json.WriteNumber("n", m.N);
                json.WriteNumberOrNull("rmse_price", Round(m.RmsePrice));
                json.WriteNumberOrNull("mae_price", Round(m.MaePrice));
                json.WriteNumberOrNull("rmse_scaled", Round(m.RmseScaled));
                json.WriteNumberOrNull("mase", Round(m.Mase));
                json.WriteNumberOrNull("theil_u", Round(m.TheilU));
                json.WriteNumberOrNull("direction_hit", Round(m.DirectionHit));
                WriteIntervals(json, result, model, h);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("elapsed_seconds", Math.Round(result.Elapsed.TotalSeconds, 3));
        json.WriteEndObject();
    }

    /// <summary>coverage_L, width_L, winkler_L per level, for a model with intervals.</summary>
    private static void WriteIntervals(Utf8JsonWriter json, BacktestResult result, int model, int h)
    {
        IntervalSettings intervals = result.Intervals;
        int slot = intervals.Slot(model);
        if (slot < 0)
        {
            return;
        }

        for (int level = 0; level < intervals.Levels.Count; level++)
        {
            IntervalMetrics m = result.IntervalScores(slot, h, level);
            string name = intervals.LevelName(level);
            json.WriteNumberOrNull($"coverage_{name}", Round(m.Coverage));
            json.WriteNumberOrNull($"width_{name}", Round(m.Width));
            json.WriteNumberOrNull($"winkler_{name}", Round(m.Winkler));
        }
    }

    /// <summary>Ten significant digits keep the file readable; NaN stays NaN (written as null).</summary>
    private static double Round(double value) =>
        double.IsFinite(value) ? double.Parse(value.ToString("G10", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : value;
}
