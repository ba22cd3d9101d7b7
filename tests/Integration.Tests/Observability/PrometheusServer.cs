using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace StreamForecast.Integration.Tests.Observability;

/// <summary>Debian's real <c>prometheus</c> on a loopback port, scraping the given targets every second; queried over its HTTP API.</summary>
internal sealed class PrometheusServer : IDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <param name="jobs">Job name → target (host:port), each scraped at <c>/metrics</c>.</param>
    public PrometheusServer(IReadOnlyDictionary<string, string> jobs)
    {
        _folder = Directory.CreateTempSubdirectory("stream-prometheus-").FullName;
        Port = FreePort();
        string config = Path.Combine(_folder, "prometheus.yml");
        File.WriteAllText(config, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n" + string.Concat(jobs.Select(job =>
            $"  - job_name: {job.Key}\n    static_configs:\n      - targets: ['{job.Value}']\n")));
        var info = new ProcessStartInfo("prometheus") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])[$"--config.file={config}", $"--storage.tsdb.path={Path.Combine(_folder, "data")}", $"--web.listen-address=127.0.0.1:{Port}"])
        {
            info.ArgumentList.Add(argument);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("prometheus did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var waited = Stopwatch.StartNew();
        while (!Ready() && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.Sleep(200);
        }
    }

    public int Port { get; }

    /// <summary>Whether Debian's prometheus is on the PATH (./stream test installs it).</summary>
    public static bool Installed() => Environment.GetEnvironmentVariable("PATH")!.Split(':').Any(dir => File.Exists(Path.Combine(dir, "prometheus")));

    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    /// <summary>An instant query at <paramref name="time"/>: each result's labels and value.</summary>
    public List<(string Labels, double Value)> Query(string expression, DateTimeOffset time)
    {
        string url = string.Create(CultureInfo.InvariantCulture,
            $"http://127.0.0.1:{Port}/api/v1/query?query={Uri.EscapeDataString(expression)}&time={time.ToUnixTimeMilliseconds() / 1000.0:F3}");
        using JsonDocument answer = JsonDocument.Parse(_http.GetStringAsync(new Uri(url)).GetAwaiter().GetResult());
        JsonElement data = answer.RootElement.GetProperty("data");
        return [.. data.GetProperty("result").EnumerateArray().Select(result =>
            (result.GetProperty("metric").ToString(), double.Parse(result.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))];
    }

    /// <summary>The scrape targets' health as Prometheus sees it.</summary>
    public string Targets() => _http.GetStringAsync(new Uri($"http://127.0.0.1:{Port}/api/v1/targets")).GetAwaiter().GetResult();

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        _http.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private bool Ready()
    {
        try
        {
            return _http.GetAsync(new Uri($"http://127.0.0.1:{Port}/-/ready")).GetAwaiter().GetResult().IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
