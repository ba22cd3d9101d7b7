using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace StreamForecast.Predictor.Tools.Benchmarks;

/// <summary>
/// Runs tools/bench/pytorch_lstm_bench.py with Debian's python3-torch, configured at its best here
/// (<c>OPENBLAS_NUM_THREADS=1</c>, 2 torch threads, eager and <c>torch.jit.script</c>), and reads its JSON.
/// </summary>
internal sealed class PyTorchAnchor(string script, string python = "/usr/bin/python3")
{
    public string Version { get; private set; } = "unavailable";

    /// <summary>Measurements by name, or an error explaining why there are none.</summary>
    public (IReadOnlyDictionary<string, (double Value, double P99, string Variant)> Results, string? Error) Measure(TimeSpan duration, int threads)
    {
        var results = new Dictionary<string, (double, double, string)>(StringComparer.Ordinal);
        if (!File.Exists(script))
        {
            return (results, $"{script} not found");
        }

        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("--seconds");
        start.ArgumentList.Add(duration.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--threads");
        start.ArgumentList.Add(threads.ToString(CultureInfo.InvariantCulture));
        start.Environment["OPENBLAS_NUM_THREADS"] = "1";
        start.Environment["OMP_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        try
        {
            using Process process = Process.Start(start)!;
            Task<string> error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                return (results, $"{python} {script} exited {process.ExitCode}: {error.Result.Trim()}");
            }

            using JsonDocument document = JsonDocument.Parse(output);
            Version = document.RootElement.GetProperty("torch").GetString() ?? "?";
            foreach (JsonProperty entry in document.RootElement.GetProperty("results").EnumerateObject())
            {
                JsonElement value = entry.Value;
                results[entry.Name] = (
                    value.GetProperty("value").GetDouble(),
                    value.TryGetProperty("p99", out JsonElement p99) ? p99.GetDouble() : double.NaN,
                    value.GetProperty("variant").GetString() ?? "");
            }

            return (results, null);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return (results, $"PyTorch anchor failed: {ex.Message}");
        }
    }
}
