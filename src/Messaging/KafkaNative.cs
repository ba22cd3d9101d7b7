using System.Reflection;
using System.Runtime.InteropServices;

namespace StreamForecast.Messaging;

/// <summary>
/// Loads the system librdkafka (Debian's <c>librdkafka1</c>) for Confluent.Kafka once per process and
/// refuses versions older than 2.0. Confluent.Kafka 1.9.3 P/Invokes <c>libdl</c> for <c>dlopen</c>, which
/// glibc ≥ 2.34 only ships as <c>libdl.so.2</c>; a resolver maps the name.
/// </summary>
internal static class KafkaNative
{
    /// <summary>The shared object every P/Invoke in this project and in Confluent.Kafka uses.</summary>
    public const string Library = "librdkafka.so.1";

    private static readonly Lock Gate = new();
    private static bool _loaded;

    /// <summary>librdkafka's version string, e.g. "2.0.2".</summary>
    public static string Version { get; private set; } = "";

    /// <exception cref="InvalidOperationException">librdkafka is missing or too old, with the command that fixes it.</exception>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_loaded)
            {
                return;
            }

            NativeLibrary.SetDllImportResolver(typeof(Confluent.Kafka.Library).Assembly, Resolve);
            try
            {
                Confluent.Kafka.Library.Load(Library);
            }
            catch (Exception ex) when (ex is DllNotFoundException or InvalidOperationException)
            {
                throw new InvalidOperationException($"librdkafka could not be loaded ({ex.Message}); install it: sudo apt-get install -y librdkafka1 librdkafka-dev", ex);
            }

            Version = Confluent.Kafka.Library.VersionString;
            if (Confluent.Kafka.Library.Version < 0x02000000)
            {
                throw new InvalidOperationException($"librdkafka {Version} is older than 2.0; Stream needs 2.0 or later.");
            }

            _loaded = true;
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path) =>
        name == "libdl" && NativeLibrary.TryLoad("libdl.so.2", out IntPtr handle) ? handle : IntPtr.Zero;
}
