using System.Globalization;
using System.Text.Json;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Intervals;
using StreamForecast.Forecasting.Scoring;
using StreamForecast.Forecasting.Store;
using StreamForecast.MarketData;
using StreamForecast.Predictor.Service.Outputs;

namespace StreamForecast.Predictor.Service.State;

/// <summary>One series' state for a person: positions, counters, running metrics by model and horizon, hidden-state norms.</summary>
internal static class StateJson
{
    public static void Write(Utf8JsonWriter json, string series, in StateRecordView record, int bytes)
    {
        RowLayout layout = record.Layout;
        ReadOnlySpan<byte> row = record.Row;
        int horizon = layout.Shape.Horizon;
        long last = layout.LastTime.Get(row);
        json.WriteStartObject();
        json.WriteString("series", series);
        json.WriteNumber("partition", record.Partition);
        json.WriteNumber("offset", record.Offset);
        json.WriteString("fingerprint", record.Fingerprint.ToString("x16", CultureInfo.InvariantCulture));
        json.WriteNumber("bytes", bytes);
        json.WriteString("last_bar", DateRange.Format(last));
        json.WriteNumber("last_bar_unix", last);
        json.WriteNumberOrNull("last_close", layout.LastClose.Get(row));
        json.WriteNumber("scaler_state", layout.Scaler.Get(row));
        json.WriteStartObject("counters");
        for (int i = 0; i < SeriesCounters.Names.Length; i++)
        {
            json.WriteNumber(SeriesCounters.Names[i], layout.Counters.Get(row, i));
        }

        json.WriteEndObject();
        int pending = 0;
        foreach (long made in layout.PendingTime.In(row))
        {
            pending += made != long.MinValue && made > last - (horizon * 60L) ? 1 : 0;
        }

        json.WriteNumber("pending_forecasts", pending);
        json.WriteString("interval_method", layout.Shape.Intervals == IntervalMethod.Aci ? "aci" : "qt");
        json.WriteStartArray("hidden_state_norms");
        int size = layout.Shape.Hidden;
        for (int layer = 0; layer < layout.Shape.Layers; layer++)
        {
            json.WriteStartObject();
            json.WriteNumber("layer", layer);
            json.WriteNumber("h_l2", Norm(record.Hidden.Slice(layer * size, size)));
            json.WriteNumber("c_l2", Norm(record.Cell.Slice(layer * size, size)));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        var board = new ScoreBoard(layout);
        json.WriteStartArray("metrics");
        for (int model = 0; model < Math.Min(layout.Shape.Models, ModelNames.All.Length); model++)
        {
            for (int h = 1; h <= horizon; h++)
            {
                HorizonMetrics m = board.Metrics(row, model, h);
                json.WriteStartObject();
                json.WriteString("model", ModelNames.All[model]);
                json.WriteNumber("h", h);
                json.WriteNumber("n", m.N);
                json.WriteNumberOrNull("rmse", m.RmsePrice);
                json.WriteNumberOrNull("mae", m.MaePrice);
                json.WriteNumberOrNull("mase", m.Mase);
                json.WriteEndObject();
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static double Norm(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float value in values)
        {
            sum += (double)value * value;
        }

        return Math.Sqrt(sum);
    }
}
