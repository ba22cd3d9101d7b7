using System.Buffers;
using System.Text.Json;
using StreamForecast.Contracts;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Intervals;
using StreamForecast.Forecasting.Scoring;

namespace StreamForecast.Predictor.Service.Outputs;

/// <summary>
/// The output records' JSON written straight from the processor's values into one reused buffer: byte for
/// byte what <see cref="ContractsJson"/> makes of <see cref="OutputRecords"/>' messages (a test holds it to
/// that), without building them. One instance per thread.
/// </summary>
internal sealed class OutputJson : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _json;

    public OutputJson() => _json = new Utf8JsonWriter(_buffer);

    public void Dispose() => _json.Dispose();

    public byte[] Prediction(Forecast forecast, ForecastModel model, IntervalSettings intervals)
    {
        Start();
        _json.WriteString("series"u8, forecast.Series);
        _json.WriteNumber("asOf"u8, forecast.AsOf);
        _json.WriteNumber("close"u8, forecast.Close);
        _json.WriteString("modelId"u8, model.Id);
        _json.WriteString("modelVersion"u8, model.Version);
        _json.WriteNumber("horizon"u8, forecast.Horizon);
        _json.WriteStartArray("lstm"u8);
        for (int h = 1; h <= forecast.Horizon; h++)
        {
            _json.WriteNumberValue(forecast.ClosePrediction(ModelNames.LstmIndex, h));
        }

        _json.WriteEndArray();
        _json.WriteStartArray("baselines"u8);
        for (int b = 0; b < ModelNames.All.Length - 1; b++)
        {
            var (origin, slope) = forecast.Composer.Line(forecast.Recipe, forecast.Close, b);
            _json.WriteStartObject();
            _json.WriteString("model"u8, ModelNames.All[b + 1]);
            _json.WriteNumber("origin"u8, origin);
            _json.WriteNumber("slope"u8, slope);
            _json.WriteEndObject();
        }

        _json.WriteEndArray();
        if (forecast.HalfWidths is not { } halfWidths)
        {
            _json.WriteNull("intervals"u8);
            return End();
        }

        int k = forecast.Horizon, levels = intervals.Levels.Count;
        _json.WriteStartArray("intervals"u8);
        for (int slot = 0; slot < intervals.Models.Count; slot++)
        {
            for (int level = 0; level < levels; level++)
            {
                _json.WriteStartObject();
                _json.WriteString("model"u8, ModelNames.All[intervals.Models[slot]]);
                _json.WriteNumber("level"u8, intervals.Levels[level]);
                _json.WriteStartArray("halfWidths"u8);
                for (int h = 1; h <= k; h++)
                {
                    NumberOrNull(halfWidths[intervals.Index(slot, h, k, level)]);
                }

                _json.WriteEndArray();
                _json.WriteEndObject();
            }
        }

        _json.WriteEndArray();
        return End();
    }

    /// <param name="scores">What the bar realised.</param>
    /// <param name="models">The models whose errors are published (indexes in report order).</param>
    /// <param name="horizon">K.</param>
    public byte[] Score(BarScores scores, IReadOnlyList<int> models, int horizon)
    {
        Start();
        _json.WriteString("series"u8, scores.Series);
        _json.WriteNumber("timestamp"u8, scores.Timestamp);
        _json.WriteNumber("actual"u8, scores.Actual);
        // Indexed loops: a foreach over these interfaces allocates an enumerator each time (about 0.5 KB a bar).
        _json.WriteStartArray("models"u8);
        for (int m = 0; m < models.Count; m++)
        {
            _json.WriteStringValue(ModelNames.All[models[m]]);
        }

        _json.WriteEndArray();
        _json.WriteStartArray("errors"u8);
        IReadOnlyList<RealisedForecast> forecasts = scores.Forecasts;
        for (int h = 1; h <= horizon; h++)
        {
            RealisedForecast? realised = null;
            for (int f = 0; f < forecasts.Count; f++)
            {
                realised = forecasts[f].Horizon == h ? forecasts[f] : realised;
            }

            if (realised is null)
            {
                _json.WriteNullValue();
                continue;
            }

            _json.WriteStartArray();
            for (int m = 0; m < models.Count; m++)
            {
                _json.WriteNumberValue(realised.Predicted(models[m]) - scores.Actual);
            }

            _json.WriteEndArray();
        }

        _json.WriteEndArray();
        return End();
    }

    public byte[] Metrics(MetricsSnapshot snapshot)
    {
        Start();
        int k = snapshot.Horizon;
        _json.WriteString("series"u8, snapshot.Series);
        _json.WriteNumber("asOf"u8, snapshot.AsOf);
        _json.WriteNumber("bars"u8, snapshot.Bars);
        _json.WriteNumber("horizon"u8, k);
        _json.WriteStartArray("models"u8);
        for (int model = 0; model < ModelNames.All.Length; model++)
        {
            ReadOnlySpan<HorizonMetrics> row = snapshot.Metrics.AsSpan(model * k, k);
            _json.WriteStartObject();
            _json.WriteString("model"u8, ModelNames.All[model]);
            _json.WriteStartArray("n"u8);
            foreach (HorizonMetrics m in row)
            {
                _json.WriteNumberValue(m.N);
            }

            _json.WriteEndArray();
            Numbers("rmse"u8, row, m => m.RmsePrice);
            Numbers("mae"u8, row, m => m.MaePrice);
            Numbers("mase"u8, row, m => m.Mase);
            Numbers("theilU"u8, row, m => m.TheilU);
            _json.WriteEndObject();
        }

        _json.WriteEndArray();
        IntervalSettings intervals = snapshot.Intervals;
        if (!intervals.Enabled)
        {
            _json.WriteNull("intervals"u8);
            return End();
        }

        _json.WriteStartArray("intervals"u8);
        for (int slot = 0; slot < intervals.Models.Count; slot++)
        {
            for (int level = 0; level < intervals.Levels.Count; level++)
            {
                _json.WriteStartObject();
                _json.WriteString("model"u8, ModelNames.All[intervals.Models[slot]]);
                _json.WriteNumber("level"u8, intervals.Levels[level]);
                _json.WriteStartArray("n"u8);
                for (int h = 1; h <= k; h++)
                {
                    _json.WriteNumberValue(snapshot.Interval(slot, h, level).N);
                }

                _json.WriteEndArray();
                IntervalNumbers("coverage"u8, snapshot, slot, level, m => m.Coverage);
                IntervalNumbers("width"u8, snapshot, slot, level, m => m.Width);
                IntervalNumbers("winkler"u8, snapshot, slot, level, m => m.Winkler);
                _json.WriteEndObject();
            }
        }

        _json.WriteEndArray();
        return End();
    }

    private void IntervalNumbers(ReadOnlySpan<byte> name, MetricsSnapshot snapshot, int slot, int level, Func<IntervalMetrics, double> value)
    {
        _json.WriteStartArray(name);
        for (int h = 1; h <= snapshot.Horizon; h++)
        {
            NumberOrNull(value(snapshot.Interval(slot, h, level)));
        }

        _json.WriteEndArray();
    }

    private void NumberOrNull(double number)
    {
        if (double.IsFinite(number))
        {
            _json.WriteNumberValue(number);
        }
        else
        {
            _json.WriteNullValue();
        }
    }

    private void Start()
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        _json.WriteStartObject();
    }

    private byte[] End()
    {
        _json.WriteNumber("schemaVersion"u8, Schemas.OutputVersion);
        _json.WriteEndObject();
        _json.Flush();
        return _buffer.WrittenSpan.ToArray();
    }

    private void Numbers(ReadOnlySpan<byte> name, ReadOnlySpan<HorizonMetrics> row, Func<HorizonMetrics, double> value)
    {
        _json.WriteStartArray(name);
        foreach (HorizonMetrics m in row)
        {
            NumberOrNull(value(m));
        }

        _json.WriteEndArray();
    }
}
