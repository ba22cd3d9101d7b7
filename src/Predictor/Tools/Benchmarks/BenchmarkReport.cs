using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using StreamForecast.Predictor.Service.Outputs;

namespace StreamForecast.Predictor.Tools.Benchmarks;

/// <summary>How a benchmark run is reported: a Markdown table for people, JSON for tools.</summary>
internal static class BenchmarkReport
{
    /// <summary>The results as a Markdown table, Stream next to PyTorch.</summary>
    public static string Table(IEnumerable<BenchmarkResult> results, string torchVersion)
    {
        var table = new StringBuilder();
        table.AppendLine($"| metric | unit | Stream | PyTorch {torchVersion} | Stream / PyTorch (speed-up) |");
        table.AppendLine("|---|---|---:|---:|---:|");
        foreach (BenchmarkResult r in results)
        {
            string stream = r.HigherIsBetter ? r.Stream.ToString("N0", CultureInfo.InvariantCulture)
                : double.IsNaN(r.StreamP99) ? $"{r.Stream:F2}" : $"{r.Stream:F2} (p99 {r.StreamP99:F2})";
            string torch = double.IsNaN(r.PyTorch) ? "n/a"
                : r.HigherIsBetter ? $"{r.PyTorch.ToString("N0", CultureInfo.InvariantCulture)} ({r.PyTorchVariant})"
                : $"{r.PyTorch:F2} (p99 {r.PyTorchP99:F2}, {r.PyTorchVariant})";
            string speedup = double.IsNaN(r.Speedup) ? "n/a" : $"{r.Speedup:F1}x";
            table.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Unit} | {stream} | {torch} | {speedup} |"));
        }

        return table.ToString();
    }

    /// <summary>The pipeline results as a Markdown table.</summary>
    public static string PipelineTable(IEnumerable<PipelineResult> results)
    {
        var table = new StringBuilder();
        table.AppendLine("| name | series | bars | offered bars/s | bars/s end to end | in process | ratio | consume -> delivered p50 ms | p99 ms | output bytes a bar |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (PipelineResult r in results)
        {
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Series:N0} | {r.Bars:N0} | {(r.Offered > 0 ? r.Offered.ToString("N0", CultureInfo.InvariantCulture) : "all at once")} | {r.BarsPerSecond:N0} | {r.BacktestBarsPerSecond:N0} | {r.Ratio:F2} | {r.P50:F1} | {r.P99:F1} | {r.BytesPerBar:N0} |"));
        }

        return table.ToString();
    }

    /// <summary>The pipeline results as JSON: the machine, then one entry per run.</summary>
    public static void WritePipelineJson(string path, IEnumerable<PipelineResult> results, TimeProvider time)
    {
        using FileStream file = File.Create(path);
        using var writer = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        Machine(writer, time);
        writer.WriteEndObject();
        writer.WriteStartArray("results");
        foreach (PipelineResult r in results)
        {
            writer.WriteStartObject();
            writer.WriteString("name", r.Name);
            writer.WriteNumber("series", r.Series);
            writer.WriteNumber("bars", r.Bars);
            writer.WriteNumber("offered_bars_per_s", Math.Round(r.Offered));
            writer.WriteNumberOrNull("bars_per_s", Math.Round(r.BarsPerSecond));
            writer.WriteNumberOrNull("backtest_bars_per_s", Math.Round(r.BacktestBarsPerSecond));
            writer.WriteNumberOrNull("ratio", Math.Round(r.Ratio, 3));
            writer.WriteNumberOrNull("p50_ms", r.P50);
            writer.WriteNumberOrNull("p99_ms", r.P99);
            writer.WriteNumberOrNull("bytes_per_bar", Math.Round(r.BytesPerBar, 1));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The results as JSON: the machine, then one entry per metric.</summary>
    public static void WriteJson(string path, IEnumerable<BenchmarkResult> results, string torchVersion, int threads, TimeProvider time)
    {
        using FileStream file = File.Create(path);
        using var writer = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        Machine(writer, time);
        writer.WriteString("pytorch", torchVersion);
        writer.WriteNumber("pytorch_threads", threads);
        writer.WriteEndObject();
        writer.WriteStartArray("results");
        foreach (BenchmarkResult r in results)
        {
            writer.WriteStartObject();
            writer.WriteString("name", r.Name);
            writer.WriteString("unit", r.Unit);
            writer.WriteNumberOrNull("stream", r.Stream);
            writer.WriteNumberOrNull("pytorch", r.PyTorch);
            writer.WriteNumberOrNull("speedup", r.Speedup);
            if (!r.HigherIsBetter)
            {
                writer.WriteNumberOrNull("stream_p99", r.StreamP99);
                writer.WriteNumberOrNull("pytorch_p99", r.PyTorchP99);
            }

            writer.WriteString("pytorch_variant", r.PyTorchVariant);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Opens the "machine" object: CPU, vector width, processors, OS, .NET, date (the caller closes it).</summary>
    private static void Machine(Utf8JsonWriter writer, TimeProvider time)
    {
        writer.WriteStartObject("machine");
        writer.WriteString("cpu", CpuModel());
        writer.WriteBoolean("avx512", System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated);
        writer.WriteString("kernels", StreamForecast.Engine.Kernels.Gemm.Best.ToString().ToLowerInvariant());
        writer.WriteNumber("processors", Environment.ProcessorCount);
        writer.WriteString("os", RuntimeInformation.OSDescription);
        writer.WriteString("dotnet", RuntimeInformation.FrameworkDescription);
        writer.WriteString("date", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
    }

    private static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        string? line = File.Exists(cpuInfo) ? File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
    }

    /// <summary>The checkout (tools/bench), found above the binaries; else the working directory.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Stream.sln")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
