using Confluent.Kafka;

namespace StreamForecast.Messaging.Tests;

public sealed class KafkaLogTests
{
    [Fact]
    public void TheExperimentalWarningOfADeliberateSetting_IsDropped_EveryOtherLineIsWrittenAsLibrdkafkaDoes()
    {
        var output = new StringWriter();
        Action<IClient, LogMessage> log = KafkaLog.Writer(output);

        log(null!, new LogMessage("rdkafka#producer-6", SyslogLevel.Warning, "CONFWARN", "[thrd:app]: Configuration property enable.gapless.guarantee is experimental: When set to `true`, any error …"));
        log(null!, new LogMessage("rdkafka#producer-6", SyslogLevel.Warning, "CONFWARN", "[thrd:app]: Configuration property some.other.setting is experimental: …"));
        log(null!, new LogMessage("rdkafka#producer-6", SyslogLevel.Error, "FAIL", "[thrd:127.0.0.1:9092/bootstrap]: Connect to ipv4#127.0.0.1:9092 failed"));

        Assert.Equal(
            "%4|CONFWARN|rdkafka#producer-6| [thrd:app]: Configuration property some.other.setting is experimental: …\n%3|FAIL|rdkafka#producer-6| [thrd:127.0.0.1:9092/bootstrap]: Connect to ipv4#127.0.0.1:9092 failed\n",
            output.ToString().ReplaceLineEndings("\n"));
    }
}
