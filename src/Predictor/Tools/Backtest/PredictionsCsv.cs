using System.Globalization;
using System.Text;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Intervals;

namespace StreamForecast.Predictor.Tools.Backtest;

/// <summary>
/// predictions.csv: <c>series,asOf,model,h,predicted_close,actual_close,lower_80,upper_80,lower_95,upper_95</c>,
/// one row per forecast, model and horizon (UTF-8, no byte-order mark). actual_close is the close at asOf + h
/// minutes where that bar exists; a challenger's forecasts in shadow follow with model <c>challenger</c>; the interval columns follow the configured levels and are empty for a
/// model without intervals or while its intervals warm up.
/// </summary>
internal static class PredictionsCsv
{
    /// <summary>The model column of a challenger's forecasts in shadow.</summary>
    public const string Challenger = "challenger";

    public static void Write(
        string path, IEnumerable<Forecast> forecasts, IReadOnlyList<(long Timestamp, double Close)> actuals, IntervalSettings intervals, IEnumerable<Forecast>? shadowed = null)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16);
        writer.Write("series,asOf,model,h,predicted_close,actual_close");
        for (int level = 0; level < intervals.Levels.Count; level++)
        {
            writer.Write($",lower_{intervals.LevelName(level)},upper_{intervals.LevelName(level)}");
        }

        writer.Write('\n');
        var closes = new Dictionary<long, double>(actuals.Count);
        foreach (var (timestamp, close) in actuals)
        {
            closes[timestamp] = close;
        }

        char[] number = new char[32];
        void Number(double value)
        {
            writer.Write(',');
            if (double.IsFinite(value))
            {
                value.TryFormat(number, out int written, "R", CultureInfo.InvariantCulture);
                writer.Write(number, 0, written);
            }
        }

        int levels = intervals.Levels.Count;
        void Row(Forecast forecast, int model, string name)
        {
            string asOf = forecast.AsOf.ToString(CultureInfo.InvariantCulture);
            int slot = intervals.Slot(model);
            for (int h = 1; h <= forecast.Horizon; h++)
            {
                double predicted = forecast.ClosePrediction(model, h);
                writer.Write(forecast.Series);
                writer.Write(',');
                writer.Write(asOf);
                writer.Write(',');
                writer.Write(name);
                writer.Write(',');
                writer.Write(h.ToString(CultureInfo.InvariantCulture));
                Number(predicted);
                Number(closes.TryGetValue(forecast.AsOf + (h * 60L), out double actual) ? actual : double.NaN);
                for (int level = 0; level < levels; level++)
                {
                    double halfWidth = slot >= 0 && forecast.HalfWidths is { } q ? q[intervals.Index(slot, h, forecast.Horizon, level)] : double.NaN;
                    Number(predicted - halfWidth);
                    Number(predicted + halfWidth);
                }

                writer.Write('\n');
            }
        }

        foreach (Forecast forecast in forecasts)
        {
            for (int model = 0; model < ModelNames.All.Length; model++)
            {
                Row(forecast, model, ModelNames.All[model]);
            }
        }

        // The challenger's own LSTM forecasts in shadow; its baselines are the champion's, already written.
        foreach (Forecast forecast in shadowed ?? [])
        {
            Row(forecast, 0, Challenger);
        }
    }
}
