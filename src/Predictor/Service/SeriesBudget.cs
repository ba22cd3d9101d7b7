using System.Globalization;
using StreamForecast.Forecasting.Store;

namespace StreamForecast.Predictor.Service;

/// <summary>
/// How many series an instance holds: <c>Predictor:MaxSeries</c> when given, else <c>Predictor:MemoryBudget</c>
/// divided by what a series costs (its row, its (h, c) and its entry in the name map). The budget defaults to
/// three quarters of the container's memory limit (cgroup v2 or v1) or, without one, of the machine's memory,
/// less 256 MiB: .NET caps its heap at three quarters of a container's limit, and the rows live on that heap.
/// </summary>
internal static class SeriesBudget
{
    /// <summary>A series' name → slot entry and its name string, roughly (measured RSS is in the README).</summary>
    public const int MapBytesPerSeries = 128;

    private const long Reserve = 256L << 20;

    /// <summary>The memory budget in bytes: the option, or the default from the container's limit or the machine's memory.</summary>
    public static long Bytes(PredictorOptions options) =>
        options.MemoryBudget > 0 ? options.MemoryBudget : Math.Max(Reserve, (Limit() / 4 * 3) - Reserve);

    /// <summary>The container's memory limit from cgroups (v2, then v1) where there is one, else the memory the GC sees.</summary>
    public static long Limit()
    {
        foreach (string path in (string[])["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"])
        {
            try
            {
                if (File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long limit) && limit > 0 && limit < (1L << 60))
                {
                    return limit;
                }
            }
            catch (IOException)
            {
                // Not readable here: fall back to what the GC sees.
            }
        }

        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    /// <summary>Bytes one series costs under this layout, in all.</summary>
    public static long PerSeries(RowLayout layout) => layout.BytesWithLstm + MapBytesPerSeries;

    /// <summary>The series limit: the option, or the budget over the costliest layout's bytes a series.</summary>
    public static int MaxSeries(PredictorOptions options, IEnumerable<RowLayout> layouts) =>
        options.MaxSeries > 0 ? options.MaxSeries : (int)Math.Clamp(Bytes(options) / layouts.Max(PerSeries), 1, 100_000_000);
}
