using System.Buffers;
using System.Text.Json;
using StreamForecast.Contracts;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Intervals;
using StreamForecast.Forecasting.Scoring;

namespace StreamForecast.Predictor.Service.Outputs;

/// <summary>
/// The output records' JSON written straight from the processor's views into one reused buffer: byte for
/// byte what <see cref="ContractsJson"/> makes of <see cref="OutputRecords"/>' messages (a test holds it to
/// that), without building them. One instance per thread.
/// </summary>
internal sealed class OutputJson : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _json;

    public OutputJson() => _json = new Utf8JsonWriter(_buffer);

    public void Dispose() => _json.Dispose();

    /// <summary>A Prediction: the LSTM's closes, the baselines' lines, and the LSTM's intervals (schema 3).</summary>
    public byte[] Prediction(in ForecastView forecast, ForecastModel model, IntervalSettings intervals)
    {
        Start();
        _json.WriteString("series"u8, forecast.Series);
        _json.WriteNumber("asOf"u8, forecast.AsOf);
        _json.WriteNumber("close"u8, forecast.Close);
        _json.WriteString("modelId"u8, model.Id);
        _json.WriteString("modelVersion"u8, model.Version);
        _json.WriteNumber("horizon"u8, forecast.Horizon);
        _json.WriteStartArray("lstm"u8);
        foreach (double close in forecast.Lstm)
        {
            _json.WriteNumberValue(close);
        }

        _json.WriteEndArray();
        _json.WriteStartArray("baselines"u8);
        for (int b = 0; b < forecast.Origins.Length; b++)
        {
            _json.WriteStartObject();
            _json.WriteString("model"u8, ModelNames.All[b + 1]);
            _json.WriteNumber("origin"u8, forecast.Origins[b]);
            _json.WriteNumber("slope"u8, forecast.Slopes[b]);
            _json.WriteEndObject();
        }

        _json.WriteEndArray();
        int slot = intervals.Slot(ModelNames.LstmIndex);
        if (slot < 0 || forecast.HalfWidths.IsEmpty)
        {
            _json.WriteNull("intervals"u8);
            return End(Schemas.PredictionVersion);
        }

        int k = forecast.Horizon;
        _json.WriteStartArray("intervals"u8);
        for (int level = 0; level < intervals.Levels.Count; level++)
        {
            _json.WriteStartObject();
            _json.WriteNumber("level"u8, intervals.Levels[level]);
            _json.WriteStartArray("halfWidths"u8);
            for (int h = 1; h <= k; h++)
            {
                NumberOrNull(forecast.HalfWidths[intervals.Index(slot, h, k, level)]);
            }

            _json.WriteEndArray();
            _json.WriteEndObject();
        }

        _json.WriteEndArray();
        return End(Schemas.PredictionVersion);
    }

    /// <param name="realisation">What the bar realised.</param>
    /// <param name="models">The models whose errors are published (indexes in report order).</param>
    /// <param name="role">Null for the served model's, <c>challenger</c> for a challenger's in shadow.</param>
    public byte[] Score(in Realisation realisation, IReadOnlyList<int> models, string? role = null)
    {
        Start();
        _json.WriteString("series"u8, realisation.Series);
        _json.WriteNumber("timestamp"u8, realisation.Timestamp);
        _json.WriteNumber("actual"u8, realisation.Actual);
        // Indexed loops: a foreach over these interfaces allocates an enumerator each time.
        _json.WriteStartArray("models"u8);
        for (int m = 0; m < models.Count; m++)
        {
            _json.WriteStringValue(ModelNames.All[models[m]]);
        }

        _json.WriteEndArray();
        _json.WriteStartArray("errors"u8);
        for (int h = 1; h <= realisation.Horizon; h++)
        {
            if (!realisation.Has(h))
            {
                _json.WriteNullValue();
                continue;
            }

            _json.WriteStartArray();
            for (int m = 0; m < models.Count; m++)
            {
                _json.WriteNumberValue(realisation.Predicted(h, models[m]) - realisation.Actual);
            }

            _json.WriteEndArray();
        }

        _json.WriteEndArray();
        Role(role);
        return End(Schemas.OutputVersion);
    }

    /// <param name="metrics">The series' running metrics.</param>
    /// <param name="role">Null for the served model's, <c>challenger</c> for a challenger's in shadow.</param>
    public byte[] Metrics(in MetricsView metrics, string? role = null)
    {
        Start();
        int k = metrics.Horizon;
        _json.WriteString("series"u8, metrics.Series);
        _json.WriteNumber("asOf"u8, metrics.AsOf);
        _json.WriteNumber("bars"u8, metrics.Bars);
        _json.WriteNumber("horizon"u8, k);
        _json.WriteStartArray("models"u8);
        for (int model = 0; model < ModelNames.All.Length; model++)
        {
            _json.WriteStartObject();
            _json.WriteString("model"u8, ModelNames.All[model]);
            _json.WriteStartArray("n"u8);
            for (int h = 1; h <= k; h++)
            {
                _json.WriteNumberValue(metrics.Of(model, h).N);
            }

            _json.WriteEndArray();
            for (int field = 0; field < HorizonFields.Length; field++)
            {
                _json.WriteStartArray(HorizonFields[field]);
                for (int h = 1; h <= k; h++)
                {
                    NumberOrNull(HorizonField(metrics.Of(model, h), field));
                }

                _json.WriteEndArray();
            }

            _json.WriteEndObject();
        }

        _json.WriteEndArray();
        IntervalSettings intervals = metrics.Intervals;
        if (!intervals.Enabled)
        {
            _json.WriteNull("intervals"u8);
            return EndMetrics(metrics.OutsideTrainingRange, role);
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
                    _json.WriteNumberValue(metrics.Interval(slot, h, level).N);
                }

                _json.WriteEndArray();
                for (int field = 0; field < IntervalFields.Length; field++)
                {
                    _json.WriteStartArray(IntervalFields[field]);
                    for (int h = 1; h <= k; h++)
                    {
                        NumberOrNull(IntervalField(metrics.Interval(slot, h, level), field));
                    }

                    _json.WriteEndArray();
                }

                _json.WriteEndObject();
            }
        }

        _json.WriteEndArray();
        return EndMetrics(metrics.OutsideTrainingRange, role);
    }

    private static readonly JsonEncodedText[] HorizonFields = [JsonEncodedText.Encode("rmse"), JsonEncodedText.Encode("mae"), JsonEncodedText.Encode("mase"), JsonEncodedText.Encode("theilU")];

    private static readonly JsonEncodedText[] IntervalFields = [JsonEncodedText.Encode("coverage"), JsonEncodedText.Encode("width"), JsonEncodedText.Encode("winkler")];

    private static double HorizonField(HorizonMetrics m, int field) => field switch { 0 => m.RmsePrice, 1 => m.MaePrice, 2 => m.Mase, _ => m.TheilU };

    private static double IntervalField(IntervalMetrics m, int field) => field switch { 0 => m.Coverage, 1 => m.Width, _ => m.Winkler };

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

    /// <summary>The metrics' flag and role, written only when set (as the serialiser omits a false or null one).</summary>
    private byte[] EndMetrics(bool outsideTrainingRange, string? role)
    {
        if (outsideTrainingRange)
        {
            _json.WriteBoolean("outsideTrainingRange"u8, true);
        }

        Role(role);
        return End(Schemas.OutputVersion);
    }

    private void Role(string? role)
    {
        if (role is not null)
        {
            _json.WriteString("role"u8, role);
        }
    }

    private byte[] End(int version)
    {
        _json.WriteNumber("schemaVersion"u8, version);
        _json.WriteEndObject();
        _json.Flush();
        return _buffer.WrittenSpan.ToArray();
    }
}
