using Confluent.Kafka;

namespace StreamForecast.Messaging.Tests;

public sealed class MessagingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("stream-messaging-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void KafkaNative_LoadsDebiansLibrdkafkaOfAtLeastTwo()
    {
        KafkaNative.EnsureLoaded();

        Assert.Matches(@"^\d+\.\d+\.\d+", KafkaNative.Version);
        Assert.True(Confluent.Kafka.Library.Version >= 0x02000000, KafkaNative.Version);
    }

    [Fact]
    public void BrokerAddress_FlagThenFileThenLocalhost()
    {
        string file = Path.Combine(_directory, "bootstrap");

        Assert.Equal(BrokerAddress.Fallback, BrokerAddress.Resolve(null, file));
        File.WriteAllText(file, "127.0.0.1:1234\n");
        Assert.Equal("127.0.0.1:1234", BrokerAddress.Resolve(null, file));
        Assert.Equal("kafka:9092", BrokerAddress.Resolve(" kafka:9092 ", file));
    }

    [Fact]
    public void ClientConfigCopies_DoNotLeakSettingsIntoEachOther()
    {
        var client = new ClientConfig { BootstrapServers = "b:1" };

        ConsumerConfig consumer = client.ToConsumerConfig();
        consumer.EnablePartitionEof = true;
        ProducerConfig producer = client.ToProducerConfig();

        Assert.Equal("b:1", producer.BootstrapServers);
        Assert.DoesNotContain(producer, pair => pair.Key == "enable.partition.eof");
        Assert.DoesNotContain(client, pair => pair.Key == "enable.partition.eof");
    }

    [Fact]
    public void KafkaOptions_ASecretWithAColon_IsNotEchoed_AndTheKeyIsNamed()
    {
        var error = Assert.Throws<FormatException>(() => Client("--kafka", "sasl.password:S3cret"));

        Assert.DoesNotContain("S3cret", error.Message, StringComparison.Ordinal);
        Assert.Contains("'sasl.password'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KafkaOptions_MisspelledSettingOrBadValue_StopsNamingTheKey_WithoutTheValue()
    {
        var misspelled = Assert.Throws<FormatException>(() => Client("--kafka", "sasl.pasword=S3cret"));
        var badValue = Assert.Throws<FormatException>(() => Client("--kafka", "linger.ms=abc"));

        Assert.Contains("'sasl.pasword'", misspelled.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("S3cret", misspelled.Message, StringComparison.Ordinal);
        Assert.Contains("'linger.ms'", badValue.Message, StringComparison.Ordinal);
        Assert.Equal("5", Client("--kafka", "linger.ms=5").Get("linger.ms"));
    }

    private static ClientConfig Client(params string[] args)
    {
        var options = new KafkaOptions();
        var command = new System.CommandLine.Command("x");
        options.AddTo(command);
        return options.Client(command.Parse(args));
    }
}
