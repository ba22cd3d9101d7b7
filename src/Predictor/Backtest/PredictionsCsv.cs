using System.Globalization;
using StreamForecast.Predictor.Forecasting;

namespace StreamForecast.Predictor.Backtest;

/// <summary>predictions.csv: <c>series,asOf,model,h,predicted_close</c>, one row per model and horizon.</summary>
internal static class PredictionsCsv
{
    public static void Write(string path, IEnumerable<Forecast> forecasts)
    {
        using var writer = new StreamWriter(path, append: false, System.Text.Encoding.UTF8, bufferSize: 1 << 16);
        writer.WriteLine("series,asOf,model,h,predicted_close");
        Span<char> number = stackalloc char[32];
        foreach (Forecast forecast in forecasts)
        {
            string asOf = forecast.AsOf.ToString(CultureInfo.InvariantCulture);
            for (int model = 0; model < ModelNames.All.Length; model++)
            {
                for (int h = 1; h <= forecast.Horizon; h++)
                {
                    forecast.ClosePrediction(model, h).TryFormat(number, out int written, "R", CultureInfo.InvariantCulture);
                    writer.Write(forecast.Series);
                    writer.Write(',');
                    writer.Write(asOf);
                    writer.Write(',');
                    writer.Write(ModelNames.All[model]);
                    writer.Write(',');
                    writer.Write(h.ToString(CultureInfo.InvariantCulture));
                    writer.Write(',');
                    writer.Write(number[..written]);
                    writer.Write('\n');
                }
            }
        }
    }
}
