using StreamForecast.Forecasting.Store;

namespace StreamForecast.Predictor.Service.State;

/// <summary>
/// Decides whether a state record read back is restored: only a well-formed record of this format, this
/// model's fingerprint and this row shape is; anything else starts its series fresh, with a reason from a fixed
/// set (a metric tag).
/// </summary>
internal static class StateRecord
{
    public const string OtherModel = "other-model";
    public const string Corrupt = "corrupt";
    public const string SeriesLimit = "series-limit";

    /// <summary>Restores <paramref name="series"/> into <paramref name="store"/> from its record, or says why not.</summary>
    public static bool TryRestore(string series, ReadOnlySpan<byte> value, ulong fingerprint, SeriesStore store, out (string Code, string Detail) refused)
    {
        refused = default;
        try
        {
            StateRecordView record = SeriesStateCodec.Read(value, store.Layout);
            if (record.Fingerprint != fingerprint || record.Layout.Shape != store.Layout.Shape)
            {
                refused = (OtherModel, $"state of {series} belongs to model fingerprint {record.Fingerprint:x16}, not {fingerprint:x16}");
                return false;
            }

            if (!store.TryRestore(series, record.Row, record.Hidden, record.Cell, out _))
            {
                refused = (SeriesLimit, $"state of {series}: this instance already holds its {store.MaxSeries} series");
                return false;
            }

            return true;
        }
        catch (InvalidDataException ex)
        {
            refused = (Corrupt, $"state of {series}: {ex.Message}");
            return false;
        }
    }
}
