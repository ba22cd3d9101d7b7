using System.Diagnostics;
using System.Globalization;
using StreamForecast.Engine.Inference;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.MarketData;
using StreamForecast.Predictor.Service;

namespace StreamForecast.Predictor.Tools.Benchmarks;

/// <summary>
/// Many live series in process: one bar per series per simulated minute (a random walk each) through the
/// service's processor, the shipped BTC-USD model at K = 10 and the service's defaults, its outputs counted
/// and dropped. Reports the resident memory (RSS from /proc) after the run, and per series against the RSS
/// before the first series existed (their names included), and bars/s over the last half of the minutes,
/// when every series' pending forecasts and intervals are in use.
/// </summary>
internal static class SeriesBenchmark
{
    private const int Chunk = 1 << 16;

    public static List<BenchmarkResult> Run(int series, int minutes, Action<string> progress)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(series, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minutes, 2);
        ForecastModel model = ForecastModel.Load(Path.Combine(ServedModels.Shipped(), "btcusd-lstm-2x100.safetensors"));
        var options = new PredictorOptions { MaxSeries = series };
        ForecastSettings settings = options.Forecast();
        using var backend = new CpuLstmBackend(model.Checkpoint.Parameters);
        using var processor = new ForecastProcessor(model, backend, settings, series);
        var sink = new CountingSink();
        Compact();
        long before = Resident();
        string[] names = [.. Enumerable.Range(0, series).Select(s => string.Create(CultureInfo.InvariantCulture, $"SERIES-{s:D7}"))];
        double[] closes = new double[series];
        Array.Fill(closes, 2500);
        var random = new Random(17);
        var chunk = new SeriesBar[Math.Min(Chunk, series)];
        var seconds = new double[minutes];
        for (int minute = 0; minute < minutes; minute++)
        {
            long time = BenchModel.Start + (minute * 60L), started = Stopwatch.GetTimestamp();
            for (int start = 0; start < series; start += chunk.Length)
            {
                int count = Math.Min(chunk.Length, series - start);
                for (int i = 0; i < count; i++)
                {
                    double close = closes[start + i] += (random.NextDouble() - 0.5) * 4;
                    chunk[i] = new SeriesBar(names[start + i], new Bar(time, close, close + 0.5, close - 0.5, close, 1));
                }

                processor.Process(chunk.AsSpan(0, count), sink);
            }

            seconds[minute] = Stopwatch.GetElapsedTime(started).TotalSeconds;
            progress(string.Create(CultureInfo.InvariantCulture,
                $"minute {minute + 1}/{minutes}: {series / seconds[minute]:N0} bars/s, RSS {Resident() / 1e9:F2} GB, {sink.Forecasts:N0} forecasts so far"));
        }

        Compact();
        long after = Resident();
        int last = minutes / 2;
        double rate = (double)series * (minutes - last) / seconds[last..].Sum();
        double perSeries = (double)(after - before) / series;
        progress(string.Create(CultureInfo.InvariantCulture,
            $"{series:N0} series x {minutes} minutes: RSS {after / 1e9:F2} GB ({perSeries:N0} B a series over {before / 1e6:F0} MB before), {rate:N0} bars/s over the last {minutes - last} minutes; row {processor.Store.Layout.BytesWithLstm:N0} B with the LSTM state"));
        return
        [
            new($"series_{series}_rss", "bytes resident after the run", after, double.NaN, HigherIsBetter: false),
            new($"series_{series}_rss_per_series", "bytes resident a series (RSS after - before, / series)", perSeries, double.NaN, HigherIsBetter: false),
            new($"series_{series}_bars_per_second", $"bars/s over the last {minutes - last} of {minutes} minutes", rate, double.NaN, HigherIsBetter: true),
            new("row_bytes_per_series", "bytes in memory (row + LSTM state)", processor.Store.Layout.BytesWithLstm, double.NaN, HigherIsBetter: false),
        ];
    }

    /// <summary>The process's resident set (VmRSS), in bytes; the managed heap's size where /proc is not there.</summary>
    private static long Resident()
    {
        const string path = "/proc/self/status";
        if (File.Exists(path))
        {
            foreach (string line in File.ReadLines(path))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
                }
            }
        }

        return GC.GetTotalMemory(forceFullCollection: false);
    }

    private static void Compact()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }

    /// <summary>Counts forecasts, keeping nothing.</summary>
    private sealed class CountingSink : IForecastSink
    {
        public long Forecasts { get; private set; }

        public void Fault(in BarFault fault) => throw new InvalidOperationException($"{fault.Series} at {fault.Timestamp}: {fault.Reason}");

        public void Realised(in Realisation realisation)
        {
        }

        public void Forecast(in ForecastView forecast) => Forecasts++;

        public void Metrics(in MetricsView metrics)
        {
        }
    }
}
