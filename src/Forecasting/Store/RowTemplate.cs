using StreamForecast.Forecasting.Intervals;

namespace StreamForecast.Forecasting.Store;

/// <summary>A new series' row: no bar yet, the scaler's initial state, no pending forecast, ACI's working levels at α, zeros elsewhere.</summary>
internal static class RowTemplate
{
    public static byte[] New(RowLayout layout, double initialScalerState, IntervalSettings intervals)
    {
        Span<byte> row = new byte[layout.Bytes];
        layout.LastTime.At(row) = long.MinValue;
        layout.AcceptedTime.At(row) = long.MinValue;
        layout.InputOffset.At(row) = -1;
        layout.LastClose.At(row) = double.NaN;
        layout.Scaler.At(row) = initialScalerState;
        layout.PendingTime.In(row).Fill(long.MinValue);
        Span<double> working = layout.Working.In(row);
        for (int i = 0; i < working.Length; i++)
        {
            working[i] = intervals.Alpha(i % intervals.Levels.Count);
        }

        return row.ToArray();
    }
}
