using StreamForecast.Forecasting.Store;

namespace StreamForecast.Predictor.Service;

/// <summary>
/// How many series an instance holds: <c>Predictor:MaxSeries</c> when given, else <c>Predictor:MemoryBudget</c>
/// (by default three quarters of the memory the process may use, less 256 MiB) divided by what a series
/// costs: its row, its (h, c) and its entry in the name map.
/// </summary>
internal static class SeriesBudget
{
    /// <summary>A series' name → slot entry and its name string, roughly (measured RSS is in the README).</summary>
    public const int MapBytesPerSeries = 128;

    private const long Reserve = 256L << 20;

    /// <summary>The memory budget in bytes: the option, or the default from what the process may use.</summary>
    public static long Bytes(PredictorOptions options) =>
        options.MemoryBudget > 0 ? options.MemoryBudget : Math.Max(Reserve, (GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4 * 3) - Reserve);

    /// <summary>Bytes one series costs under this layout, in all.</summary>
    public static long PerSeries(RowLayout layout) => layout.BytesWithLstm + MapBytesPerSeries;

    /// <summary>The series limit: the option, or the budget over the costliest layout's bytes a series.</summary>
    public static int MaxSeries(PredictorOptions options, IEnumerable<RowLayout> layouts) =>
        options.MaxSeries > 0 ? options.MaxSeries : (int)Math.Clamp(Bytes(options) / layouts.Max(PerSeries), 1, 100_000_000);
}
