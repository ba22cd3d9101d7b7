using System.Diagnostics;
using StreamForecast.Forecasting.Tests;

namespace StreamForecast.Integration.Tests.Chaos;

/// <summary>
/// The pipeline as separate processes, as in production: the mock broker (<c>broker</c>, with fault drills
/// on its stdin), predictor members (<c>serve</c>) that can be killed with SIGKILL or stopped with SIGTERM,
/// and the ingest (<c>replay</c>). Each process logs to a file in a temporary folder, named in failures.
/// </summary>
internal sealed class ProcessPipeline : IDisposable
{
    public const string BtcModel = "btcusd-lstm-2x100.safetensors";
    public const string EurModel = "eurusd-lstm-2x100.safetensors";

    private readonly List<Process> _processes = [];
    private readonly Process _broker;
    private int _started;

    public ProcessPipeline()
    {
        Folder = Directory.CreateTempSubdirectory("stream-chaos-").FullName;
        string bootstrap = Path.Combine(Folder, "bootstrap");
        _broker = Start("Ingest", ["broker", "--bootstrap-file", bootstrap, "--partitions", "4"], "broker", redirectInput: true);
        var waited = Stopwatch.StartNew();
        while (!(File.Exists(bootstrap) && File.ReadAllText(bootstrap).EndsWith('\n')) && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.Sleep(100);
        }

        Brokers = File.ReadAllText(bootstrap).Trim();
    }

    public string Folder { get; }

    public string Brokers { get; }

    /// <summary>A predictor member: BTC-USD's model for every series, EUR/USD's for EUR/USD, K = 10.</summary>
    public Process StartPredictor(params string[] extra) => Start("Predictor",
        ["serve", "--brokers", Brokers, "--model", Model(BtcModel), "--model-for", $"EUR/USD={Model(EurModel)}", .. extra], "predictor");

    public Process StartReplay(string from, string to, string speed, params string[] extra) => Start("Ingest",
        ["replay", "--brokers", Brokers, "--speed", speed, "--from", from, "--to", to,
            "--data", Fixtures.Data("btcusd-gdax-1m-2017-06-19_25.csv.gz"), "--series", "BTC-USD", "--data", Fixtures.Data("eurusd-histdata-1m-2017H1.csv.gz"), "--series", "EUR/USD", .. extra], "replay");

    /// <summary>A watcher, its output not a terminal (as in a pipe or under timeout); its log file is returned with it.</summary>
    public (Process Process, string Log) StartWatch(params string[] extra)
    {
        Process process = Start("Predictor", ["watch", "--brokers", Brokers, "--horizon", "10", .. extra], "watch");
        return (process, Directory.GetFiles(Folder, $"{_started:D2}-watch.log").Single());
    }

    /// <summary>A predictor command against this broker (e.g. <c>model publish …</c>), run to its end: its exit code and output.</summary>
    public (int ExitCode, string Output) Run(params string[] arguments)
    {
        Process process = Start("Predictor", [.. arguments, "--brokers", Brokers], "cli");
        string log = Directory.GetFiles(Folder, $"{_started:D2}-cli.log").Single();
        process.WaitForExit();
        process.WaitForExit(1000);
        return (process.ExitCode, File.ReadAllText(log));
    }

    public static string ModelFile(string file) => Model(file);

    /// <summary>Sends a fault drill to the broker ("down 1", "up 1").</summary>
    public void Broker(string command)
    {
        _broker.StandardInput.WriteLine(command);
        _broker.StandardInput.Flush();
    }

    /// <summary>SIGTERM, then waits for the process to end.</summary>
    public static void Terminate(Process process)
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
        }
    }

    /// <summary>SIGKILL: no flush, no commit, no group leave.</summary>
    public static void Kill(Process process)
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public string Logs() => string.Join('\n', Directory.GetFiles(Folder, "*.log").Order().Select(file => $"--- {Path.GetFileName(file)}\n{Tail(file)}"));

    public void Dispose()
    {
        foreach (Process process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }
    }

    private static string Model(string file) => Path.Combine(Fixtures.RepositoryRoot(), "models", file);

    private static string Tail(string file)
    {
        string[] lines = File.ReadAllLines(file);
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 15)));
    }

    private Process Start(string project, string[] arguments, string name, bool redirectInput = false)
    {
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        string dll = Path.Combine(Fixtures.RepositoryRoot(), "src", project, "bin", configuration, "net10.0", $"StreamForecast.{project}.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = redirectInput, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // A killed member is noticed in 3 s, not 6: the drills take less time.
        info.Environment["Kafka__session.timeout.ms"] = "3000";
        info.Environment["Kafka__heartbeat.interval.ms"] = "500";
        // The mock does not move a downed broker's partitions; a client sees the broker back at its next metadata refresh.
        info.Environment["Kafka__topic.metadata.refresh.interval.ms"] = "1000";
        Process process = Process.Start(info)!;
        string log = Path.Combine(Folder, $"{Interlocked.Increment(ref _started):D2}-{name}.log");
        var writer = new StreamWriter(log) { AutoFlush = true };
        process.OutputDataReceived += (_, line) => Write(writer, line.Data);
        process.ErrorDataReceived += (_, line) => Write(writer, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
        return process;
    }

    private static void Write(StreamWriter writer, string? line)
    {
        if (line is not null)
        {
            lock (writer)
            {
                writer.WriteLine(line);
            }
        }
    }
}
