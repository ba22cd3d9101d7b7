using System.Runtime.InteropServices;

namespace StreamForecast.Messaging;

/// <summary>The few librdkafka C functions Confluent.Kafka does not expose: the mock cluster API.</summary>
internal static partial class NativeMethods
{
    public const int ProducerType = 0;

    [LibraryImport(KafkaNative.Library)]
    public static partial IntPtr rd_kafka_conf_new();

    [LibraryImport(KafkaNative.Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rd_kafka_conf_set(IntPtr conf, string name, string value, IntPtr errorText, nuint errorSize);

    [LibraryImport(KafkaNative.Library)]
    public static partial void rd_kafka_conf_destroy(IntPtr conf);

    [LibraryImport(KafkaNative.Library)]
    public static partial IntPtr rd_kafka_new(int type, IntPtr conf, IntPtr errorText, nuint errorSize);

    [LibraryImport(KafkaNative.Library)]
    public static partial void rd_kafka_destroy(IntPtr handle);

    [LibraryImport(KafkaNative.Library)]
    public static partial IntPtr rd_kafka_mock_cluster_new(IntPtr handle, int brokers);

    [LibraryImport(KafkaNative.Library)]
    public static partial void rd_kafka_mock_cluster_destroy(IntPtr cluster);

    [LibraryImport(KafkaNative.Library)]
    public static partial IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr cluster);

    [LibraryImport(KafkaNative.Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rd_kafka_mock_topic_create(IntPtr cluster, string topic, int partitions, int replicationFactor);

    [LibraryImport(KafkaNative.Library)]
    public static partial int rd_kafka_mock_broker_set_down(IntPtr cluster, int brokerId);

    [LibraryImport(KafkaNative.Library)]
    public static partial int rd_kafka_mock_broker_set_up(IntPtr cluster, int brokerId);

    [LibraryImport(KafkaNative.Library)]
    public static partial void rd_kafka_mock_push_request_errors_array(IntPtr cluster, short apiKey, nuint count, int[] errors);

    [LibraryImport(KafkaNative.Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void rd_kafka_mock_topic_set_error(IntPtr cluster, string topic, int error);
}
