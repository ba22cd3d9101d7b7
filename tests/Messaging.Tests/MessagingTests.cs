using Confluent.Kafka;

namespace StreamForecast.Messaging.Tests;

public sealed class MessagingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("stream-messaging-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void KafkaNative_LoadsTheBundledLibrdkafka_NotTheSystemOne()
    {
        // Debian's librdkafka-dev (2.0.2, with the mid-join abort) is installed here: the bundled file must still win.
        KafkaNative.EnsureLoaded();

        Assert.EndsWith("centos8-librdkafka.so", KafkaNative.Path);
        Assert.StartsWith("2.16.", KafkaNative.Version);
        Assert.Equal(KafkaNative.Version, Confluent.Kafka.Library.VersionString);
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig
        {
            BootstrapServers = "127.0.0.1:1", SecurityProtocol = SecurityProtocol.SaslSsl, SaslMechanism = SaslMechanism.ScramSha512, SaslUsername = "u", SaslPassword = "p",
        }).Build();
        Assert.NotNull(producer.Name);
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
