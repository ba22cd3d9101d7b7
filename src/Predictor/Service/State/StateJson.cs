using System.Text.Json;
using StreamForecast.MarketData;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Scoring;
using StreamForecast.Predictor.Service.Outputs;

namespace StreamForecast.Predictor.Service.State;

/// <summary>One series' state for a person: positions, counters, running metrics by model and horizon, hidden-state norms.</summary>
internal static class StateJson
{
    public static void Write(Utf8JsonWriter json, StateHeader header, SeriesSnapshot snapshot, int bytes)
    {
        int horizon = snapshot.Scores.Count.Length / ModelNames.All.Length;
        var board = new ScoreBoard(ModelNames.All.Length, horizon);
        board.Load(snapshot.Scores);
        json.WriteStartObject();
        json.WriteString("series", snapshot.Series);
        json.WriteNumber("partition", header.Partition);
        json.WriteNumber("offset", header.Offset);
        json.WriteString("fingerprint", header.Fingerprint.ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteNumber("bytes", bytes);
        json.WriteString("last_bar", DateRange.Format(snapshot.LastTimestamp));
        json.WriteNumber("last_bar_unix", snapshot.LastTimestamp);
        json.WriteNumberOrNull("last_close", snapshot.LastClose);
        json.WriteNumber("scaler_state", snapshot.ScalerState);
        string[] counters = ["bars", "gaps", "missing_minutes", "filled_minutes", "resets", "warmup_bars", "skipped_bars"];
        json.WriteStartObject("counters");
        for (int i = 0; i < counters.Length; i++)
        {
            json.WriteNumber(counters[i], snapshot.Counters[i]);
        }

        json.WriteEndObject();
        json.WriteNumber("pending_forecasts", snapshot.Pending.Length);
        json.WriteStartArray("hidden_state_norms");
        int size = snapshot.Hidden.Length / Math.Max(1, snapshot.Layers);
        for (int layer = 0; layer < snapshot.Layers; layer++)
        {
            json.WriteStartObject();
            json.WriteNumber("layer", layer);
            json.WriteNumber("h_l2", Norm(snapshot.Hidden.AsSpan(layer * size, size)));
            json.WriteNumber("c_l2", Norm(snapshot.Cell.AsSpan(layer * size, size)));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("metrics");
        for (int model = 0; model < ModelNames.All.Length; model++)
        {
            for (int h = 1; h <= horizon; h++)
            {
                HorizonMetrics m = board.Metrics(model, h);
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
