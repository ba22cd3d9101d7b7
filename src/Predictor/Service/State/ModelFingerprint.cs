using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Store;

namespace StreamForecast.Predictor.Service.State;

/// <summary>
/// Which model a state belongs to: the first 8 bytes of a SHA-256 over the checkpoint's weights and
/// metadata, the scaler in use, the forecast settings (K, gap rule, baselines, intervals) and the row's shape. A state of another
/// fingerprint is never applied: continuing it would not give the uninterrupted run's numbers.
/// </summary>
internal static class ModelFingerprint
{
    public static ulong Of(ForecastModel model, ForecastSettings settings)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(MemoryMarshal.AsBytes(model.Checkpoint.Parameters.Values.AsSpan()));
        var scaler = new SortedDictionary<string, string>(StringComparer.Ordinal);
        model.Scaler.WriteMetadata(scaler);
        var text = new StringBuilder()
            .Append(model.Checkpoint.Shape).Append('|').Append(model.Checkpoint.Parameters.Activation).Append('|').Append(model.Strategy)
            .Append('|').Append(settings.Horizon).Append('|').Append(settings.Gaps.ModeName).Append('|').Append(settings.Gaps.LimitMinutes)
            .Append('|').Append(settings.Baselines).Append('|').Append(settings.Intervals).Append('|').Append(RowShape.Of(model, settings));
        foreach (var (key, value) in model.Checkpoint.Metadata.OrderBy(pair => pair.Key, StringComparer.Ordinal).Concat(scaler))
        {
            text.Append('|').Append(key).Append('=').Append(value);
        }

        hash.AppendData(Encoding.UTF8.GetBytes(text.ToString()));
        return BinaryPrimitives.ReadUInt64LittleEndian(hash.GetHashAndReset());
    }
}
