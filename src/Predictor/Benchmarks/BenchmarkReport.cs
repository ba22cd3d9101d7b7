using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using StreamForecast.Predictor.Text;

namespace StreamForecast.Predictor.Benchmarks;

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

    /// <summary>The results as JSON: the machine, then one entry per metric.</summary>
    public static void WriteJson(string path, IEnumerable<BenchmarkResult> results, string torchVersion, int threads, TimeProvider time)
    {
        using FileStream file = File.Create(path);
        using var writer = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteStartObject("machine");
        writer.WriteString("cpu", CpuModel());
        writer.WriteNumber("processors", Environment.ProcessorCount);
        writer.WriteString("os", RuntimeInformation.OSDescription);
        writer.WriteString("dotnet", RuntimeInformation.FrameworkDescription);
        writer.WriteString("pytorch", torchVersion);
        writer.WriteNumber("pytorch_threads", threads);
        writer.WriteString("date", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
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
