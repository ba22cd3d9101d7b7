using System.Runtime.InteropServices;

namespace StreamForecast.Messaging;

/// <summary>Asks librdkafka itself whether a client setting exists and accepts a value, without connecting.</summary>
internal static class KafkaSettingCheck
{
    /// <summary>Null when librdkafka accepts <paramref name="name"/> = <paramref name="value"/>; else its reason.</summary>
    public static string? Problem(string name, string value)
    {
        KafkaNative.EnsureLoaded();
        IntPtr conf = NativeMethods.rd_kafka_conf_new();
        IntPtr error = Marshal.AllocHGlobal(512);
        try
        {
            int result = NativeMethods.rd_kafka_conf_set(conf, name, value, error, 512);
            return result == 0 ? null : Marshal.PtrToStringUTF8(error) ?? $"rejected ({result})";
        }
        finally
        {
            Marshal.FreeHGlobal(error);
            NativeMethods.rd_kafka_conf_destroy(conf);
        }
    }
}
