using System.Reflection;
using System.Runtime.InteropServices;

namespace StreamForecast.Messaging;

/// <summary>
/// Loads the librdkafka that ships with Confluent.Kafka (librdkafka.redist; on x64 Linux its
/// <c>centos8-librdkafka.so</c>, which links OpenSSL and SASL statically and needs nothing beyond glibc) once per
/// process, by path, so the client is the same whatever the machine has installed: a system
/// <c>librdkafka.so</c> (Debian's 2.0.2 aborts a member stopped mid-join, librdkafka #4312) is never picked up.
/// The mock cluster's own P/Invokes resolve to the same file. <c>STREAM_LIBRDKAFKA</c> names another file.
/// </summary>
internal static class KafkaNative
{
    /// <summary>The name this project's P/Invokes use; the resolver maps it to the loaded file.</summary>
    public const string Library = "librdkafka";

    private static readonly Lock Gate = new();
    private static IntPtr _handle;
    private static bool _loaded;

    /// <summary>librdkafka's version string, e.g. "2.16.0".</summary>
    public static string Version { get; private set; } = "";

    /// <summary>The file loaded.</summary>
    public static string Path { get; private set; } = "";

    /// <exception cref="InvalidOperationException">librdkafka is missing or too old, with what to do.</exception>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_loaded)
            {
                return;
            }

            string path = Environment.GetEnvironmentVariable("STREAM_LIBRDKAFKA") is { Length: > 0 } chosen ? chosen : Bundled();
            try
            {
                // Every P/Invoke of Confluent.Kafka and of this project resolves "librdkafka" to this handle, not
                // to whatever .NET's probing finds first (a system librdkafka.so would win); Confluent.Kafka
                // dlopens the file itself through libdl, which glibc >= 2.34 ships only as libdl.so.2.
                _handle = NativeLibrary.Load(path);
                NativeLibrary.SetDllImportResolver(typeof(Confluent.Kafka.Library).Assembly, Resolve);
                NativeLibrary.SetDllImportResolver(typeof(KafkaNative).Assembly, Resolve);
                Confluent.Kafka.Library.Load(path);
            }
            catch (Exception ex) when (ex is DllNotFoundException or InvalidOperationException)
            {
                throw new InvalidOperationException($"librdkafka could not be loaded from {path} ({ex.Message}); rebuild (./stream build) so the bundled copy is in place, or set STREAM_LIBRDKAFKA to a librdkafka.so", ex);
            }

            Path = path;
            Version = Confluent.Kafka.Library.VersionString;
            if (Confluent.Kafka.Library.Version < 0x02030000)
            {
                throw new InvalidOperationException($"librdkafka {Version} ({path}) is older than 2.3; Stream needs 2.3 or later (a member stopped mid-join aborts before it).");
            }

            _loaded = true;
        }
    }

    /// <summary>The bundled librdkafka for this machine's architecture, next to the program as the build or publish put it.</summary>
    private static string Bundled()
    {
        (string rid, string file) = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.Arm64 => ("linux-arm64", "librdkafka.so"),
            _ => ("linux-x64", "centos8-librdkafka.so"),
        };
        string[] candidates =
        [
            System.IO.Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native", file),
            System.IO.Path.Combine(AppContext.BaseDirectory, file),
        ];
        return candidates.FirstOrDefault(File.Exists) ?? candidates[0];
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path) => name switch
    {
        Library => _handle,
        "libdl" when NativeLibrary.TryLoad("libdl.so.2", out IntPtr handle) => handle,
        _ => IntPtr.Zero,
    };
}
