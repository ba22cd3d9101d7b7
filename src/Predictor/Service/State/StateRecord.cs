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
    public const string Deleted = "deleted";

    /// <summary>
    /// How recent a state is: its last bar's minute, then the input offset of that bar. Of two copies of a series'
    /// state (say on two state partitions after a repartitioning) the more recent wins, whatever the read order.
    /// </summary>
    public static (long LastBar, long Offset) Recency(RowLayout layout, ReadOnlySpan<byte> row) => (layout.LastTime.Get(row), layout.InputOffset.Get(row));

    /// <summary>Whether <paramref name="candidate"/> is older than <paramref name="held"/> (an unreadable record is the oldest).</summary>
    public static bool IsOlder((long LastBar, long Offset)? candidate, (long LastBar, long Offset)? held) =>
        (candidate, held) switch
        {
            (null, null) => false,
            (null, _) => true,
            (_, null) => false,
            ({ } c, { } h) => c.LastBar < h.LastBar || (c.LastBar == h.LastBar && c.Offset < h.Offset),
        };

    /// <summary>The recency of an encoded record, or null if it is not a readable state.</summary>
    public static (long LastBar, long Offset)? Recency(ReadOnlySpan<byte> value, RowLayout? known = null)
    {
        try
        {
            StateRecordView record = SeriesStateCodec.Read(value, known);
            return Recency(record.Layout, record.Row);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Restores <paramref name="series"/> into <paramref name="store"/> from its record, or says why not.</summary>
    public static bool TryRestore(string series, ReadOnlySpan<byte> value, ulong fingerprint, SeriesStore store, out (string Code, string Detail) refused) =>
        TryRead(series, value, store.Layout, out StateRecordView record, out refused) && TryRestore(series, record, fingerprint, store, out refused);

    /// <summary>Reads a record (format, length, CRC checked), or says why it is corrupt.</summary>
    public static bool TryRead(string series, ReadOnlySpan<byte> value, RowLayout layout, out StateRecordView record, out (string Code, string Detail) refused)
    {
        refused = default;
        try
        {
            record = SeriesStateCodec.Read(value, layout);
            return true;
        }
        catch (InvalidDataException ex)
        {
            record = default;
            refused = (Corrupt, $"state of {series}: {ex.Message}");
            return false;
        }
    }

    /// <summary>Restores <paramref name="series"/> from a record read, if it is of this model and row shape and there is room.</summary>
    public static bool TryRestore(string series, in StateRecordView record, ulong fingerprint, SeriesStore store, out (string Code, string Detail) refused)
    {
        refused = default;
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
}
