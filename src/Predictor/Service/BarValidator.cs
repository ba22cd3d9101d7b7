using System.Text.Json;
using StreamForecast.Contracts;

namespace StreamForecast.Predictor.Service;

/// <summary>
/// Checks one record from the bars topic: JSON of the known schema version, key = series, a possible
/// bar, and a minute after the series' previous one. Returns why when it is not: a code from a fixed set
/// (a metric tag) and the detail for the dead letter's header.
/// </summary>
internal static class BarValidator
{
    public static (MinuteBar? Bar, Rejection? Reason) Validate(string? key, byte[]? value, long previousTimestamp)
    {
        MinuteBar? bar;
        try
        {
            bar = value is null ? null : JsonSerializer.Deserialize(value, ContractsJson.Default.MinuteBar);
        }
        catch (JsonException ex)
        {
            return (null, new Rejection(Rejection.BadJson, $"bad JSON: {ex.Message}"));
        }

        if (bar is null || bar.Series is null)
        {
            return (null, new Rejection(Rejection.NoSeries, "empty record or no series"));
        }

        if (bar.SchemaVersion != Schemas.Version)
        {
            return (null, new Rejection(Rejection.UnknownSchema, $"unknown schemaVersion {bar.SchemaVersion} (this predictor reads {Schemas.Version})"));
        }

        if (key is not null && key != bar.Series)
        {
            return (null, new Rejection(Rejection.KeyMismatch, $"key '{key}' is not the bar's series '{bar.Series}'"));
        }

        if (!double.IsFinite(bar.Open) || !double.IsFinite(bar.High) || !double.IsFinite(bar.Low) || !double.IsFinite(bar.Close) || !double.IsFinite(bar.Volume))
        {
            return (null, new Rejection(Rejection.NotFinite, "a price or the volume is not finite"));
        }

        if (bar.Open <= 0 || bar.Low <= 0 || bar.Close <= 0 || bar.High < Math.Max(bar.Open, bar.Close) || bar.Low > Math.Min(bar.Open, bar.Close) || bar.Volume < 0)
        {
            return (null, new Rejection(Rejection.ImpossiblePrices, "impossible prices (non-positive, high below open/close, low above open/close) or negative volume"));
        }

        if (bar.Timestamp % 60 != 0)
        {
            return (null, new Rejection(Rejection.OffMinute, $"timestamp {bar.Timestamp} is not on a minute"));
        }

        if (bar.Timestamp <= previousTimestamp)
        {
            return (null, new Rejection(Rejection.OutOfOrder, $"out-of-order minute: {bar.Timestamp} is not after the series' last bar {previousTimestamp}"));
        }

        return (bar, null);
    }
}
