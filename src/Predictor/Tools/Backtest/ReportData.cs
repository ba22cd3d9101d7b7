using System.Globalization;
using System.Text;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Intervals;

namespace StreamForecast.Predictor.Tools.Backtest;

/// <summary>
/// The report page's chart data as a JavaScript object literal (JSON): per minute (times shifted to the report's
/// zone, drawn as UTC) the actual close and the one-minute forecasts made a minute before (LSTM, naive, the LSTM's
/// interval bounds and half-widths, widest level first), and per horizon each model's RMSE and MASE. Ten
/// significant digits: it is drawn, not recomputed.
/// </summary>
internal static class ReportData
{
    public static string Json(BacktestResult result)
    {
        var byAsOf = new Dictionary<long, Forecast>(result.Forecasts.Count);
        foreach (Forecast forecast in result.Forecasts)
        {
            byAsOf[forecast.AsOf] = forecast;
        }

        IntervalSettings intervals = result.Intervals;
        int slot = intervals.Slot(ModelNames.LstmIndex);
        int[] levels = slot < 0 ? [] : [.. Enumerable.Range(0, intervals.Levels.Count).Reverse()];
        var json = new StringBuilder();
        json.Append("{\"zone\":\"").Append(result.Zone.Name).Append("\",\"forecast\":{");
        Array(json, "t", result.Actuals.Select(a => (double)result.Zone.Shift(a.Timestamp)));
        json.Append(',');
        Array(json, "actual", result.Actuals.Select(a => a.Close));
        json.Append(',');
        Array(json, "lstm", result.Actuals.Select(a => Previous(a.Timestamp) is { } f ? f.ClosePrediction(ModelNames.LstmIndex, 1) : double.NaN));
        json.Append(',');
        Array(json, "naive", result.Actuals.Select(a => Previous(a.Timestamp) is { } f ? f.ClosePrediction(ModelNames.NaiveIndex, 1) : double.NaN));
        json.Append(",\"bands\":[");
        foreach (int level in levels)
        {
            json.Append(level == levels[0] ? "" : ",").Append("{\"level\":\"").Append(intervals.LevelName(level)).Append("\",");
            Array(json, "lower", result.Actuals.Select(a => Bound(Previous(a.Timestamp), level, -1)));
            json.Append(',');
            Array(json, "upper", result.Actuals.Select(a => Bound(Previous(a.Timestamp), level, 1)));
            json.Append(',');
            Array(json, "q", result.Actuals.Select(a => HalfWidth(Previous(a.Timestamp), level)));
            json.Append('}');
        }

        json.Append("]},\"horizons\":{");
        Array(json, "h", Enumerable.Range(1, result.Horizon).Select(h => (double)h));
        json.Append(",\"models\":[");
        for (int model = 0; model < ModelNames.All.Length; model++)
        {
            json.Append(model == 0 ? "" : ",").Append("{\"name\":\"").Append(ModelNames.All[model]).Append("\",");
            Array(json, "rmse", Enumerable.Range(1, result.Horizon).Select(h => result.Metrics(model, h).RmsePrice));
            json.Append(',');
            Array(json, "mase", Enumerable.Range(1, result.Horizon).Select(h => result.Metrics(model, h).Mase));
            json.Append('}');
        }

        return json.Append("]}}").ToString();

        Forecast? Previous(long timestamp) => byAsOf.GetValueOrDefault(timestamp - 60);

        double HalfWidth(Forecast? forecast, int level) =>
            forecast?.HalfWidths is { } q ? q[intervals.Index(slot, 1, forecast.Horizon, level)] : double.NaN;

        double Bound(Forecast? forecast, int level, int side) =>
            forecast is null ? double.NaN : forecast.ClosePrediction(ModelNames.LstmIndex, 1) + (side * HalfWidth(forecast, level));
    }

    private static void Array(StringBuilder json, string name, IEnumerable<double> values)
    {
        json.Append('"').Append(name).Append("\":[");
        bool first = true;
        foreach (double value in values)
        {
            json.Append(first ? "" : ",");
            first = false;
            if (double.IsFinite(value))
            {
                json.Append(value.ToString("G10", CultureInfo.InvariantCulture));
            }
            else
            {
                json.Append("null");
            }
        }

        json.Append(']');
    }
}
