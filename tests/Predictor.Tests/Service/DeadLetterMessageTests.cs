using System.Security.Cryptography;
using System.Text;
using Confluent.Kafka;
using StreamForecast.Contracts;
using StreamForecast.Predictor.Service;

namespace StreamForecast.Predictor.Tests.Service;

public sealed class DeadLetterMessageTests
{
    [Fact]
    public void Build_HugeValue_IsCutToTheCap_WithItsSizeAndHashInHeaders()
    {
        byte[] value = new byte[999_800];
        new Random(1).NextBytes(value);

        Message<string, byte[]> letter = DeadLetterMessage.Build("X", value, null, "bars.1m [[0]] @7", new Rejection(Rejection.BadJson, "bad JSON"), 64 * 1024);

        Assert.Equal(64 * 1024, letter.Value.Length);
        Assert.Equal(value.AsSpan(0, 64 * 1024).ToArray(), letter.Value);
        Assert.Equal("999800", Header(letter, Schemas.OriginalSizeHeader));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(value)), Header(letter, Schemas.Sha256Header));
        Assert.Equal("bad-json", Header(letter, Schemas.ReasonCodeHeader));
        Assert.True(Size(letter) < 70 * 1024, $"{Size(letter)} bytes");
    }

    [Fact]
    public void Build_HugeKey_IsCutAtACharacterBoundary()
    {
        string key = string.Concat(Enumerable.Repeat("é€", 100_000));

        Message<string, byte[]> letter = DeadLetterMessage.Build(key, [1, 2], null, "s", new Rejection(Rejection.SeriesTooLong, "long"), 1024);

        Assert.True(Encoding.UTF8.GetByteCount(letter.Key) <= BarValidator.MaxSeriesBytes);
        Assert.StartsWith(letter.Key, key, StringComparison.Ordinal);
        Assert.Equal([1, 2], letter.Value);
        Assert.Equal("2", Header(letter, Schemas.OriginalSizeHeader));
    }

    private static string Header(Message<string, byte[]> message, string name) => Encoding.UTF8.GetString(message.Headers.GetLastBytes(name));

    private static int Size(Message<string, byte[]> message) =>
        Encoding.UTF8.GetByteCount(message.Key ?? "") + message.Value.Length + message.Headers.Sum(h => h.Key.Length + h.GetValueBytes().Length);
}
