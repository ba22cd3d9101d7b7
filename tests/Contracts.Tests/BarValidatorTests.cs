using System.Text;
using System.Text.Json;
using CsCheck;

namespace StreamForecast.Contracts.Tests;

public sealed class BarValidatorTests
{
    private const long Now = 1_800_000_000;

    [Fact]
    public void Validate_NoKey_IsRejectedAsNoKey()
    {
        var (bar, reason) = BarValidator.Validate(null, Bar("X", 60), long.MinValue, Now);

        Assert.Null(bar);
        Assert.Equal(Rejection.NoKey, reason!.Value.Code);
    }

    [Fact]
    public void Validate_HugeKeyOrSeries_IsRejectedWithABoundedReason()
    {
        string huge = new('s', 500_000);

        var (_, keyTooLong) = BarValidator.Validate(huge, Bar(huge, 60), long.MinValue, Now);
        var (_, mismatch) = BarValidator.Validate("X", Bar(huge, 60), long.MinValue, Now);

        Assert.Equal(Rejection.SeriesTooLong, keyTooLong!.Value.Code);
        Assert.Equal(Rejection.KeyMismatch, mismatch!.Value.Code);
        Assert.True(mismatch.Value.Detail.Length < 200, $"{mismatch.Value.Detail.Length} characters");
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("\"NaN\"")]
    [InlineData("Infinity")]
    [InlineData("\"-Infinity\"")]
    public void Validate_NaNOrInfinity_BareOrQuoted_IsNotFinite_AsDocumented(string literal)
    {
        byte[] value = Encoding.UTF8.GetBytes($"{{\"series\":\"X\",\"timestamp\":60,\"open\":1,\"high\":1,\"low\":1,\"close\":{literal},\"volume\":0,\"schemaVersion\":1}}");

        var (bar, reason) = BarValidator.Validate("X", value, long.MinValue, Now);

        Assert.Null(bar);
        Assert.Equal(Rejection.NotFinite, reason!.Value.Code);
        Assert.StartsWith("close is", reason.Value.Detail);
    }

    [Fact]
    public void Validate_AValidBarPaddedBeyondTheLimit_IsTooLarge()
    {
        string padded = $"{{\"pad\":\"{new string(' ', 900_000)}\",\"series\":\"X\",\"timestamp\":60,\"open\":1,\"high\":1,\"low\":1,\"close\":1,\"volume\":0,\"schemaVersion\":1}}";

        var (bar, reason) = BarValidator.Validate("X", Encoding.UTF8.GetBytes(padded), long.MinValue, Now, maxValueBytes: 4096);
        var (accepted, _) = BarValidator.Validate("X", Encoding.UTF8.GetBytes(padded), long.MinValue, Now);

        Assert.Null(bar);
        Assert.Equal(Rejection.TooLarge, reason!.Value.Code);
        Assert.NotNull(accepted);
    }

    [Fact]
    public void Validate_AbsurdButFinitePrice_IsOutOfRange()
    {
        var (_, reason) = BarValidator.Validate("X", Bar("X", 60, close: 1e308), long.MinValue, Now);

        Assert.Equal(Rejection.PriceOutOfRange, reason!.Value.Code);
    }

    [Fact]
    public void Validate_TimestampBeyondTheAllowedSkew_IsAFutureTimestamp_AndLeavesTheSeriesUntouched()
    {
        long year2099 = 4_070_908_800;

        var (_, future) = BarValidator.Validate("X", Bar("X", year2099), long.MinValue, Now);
        var (accepted, _) = BarValidator.Validate("X", Bar("X", Now - 60), long.MinValue, Now);

        Assert.Equal(Rejection.FutureTimestamp, future!.Value.Code);
        Assert.NotNull(accepted);
    }

    [Fact]
    public void Validate_ARepeatedOrOlderMinute_IsOutOfOrder()
    {
        Assert.Equal(Rejection.OutOfOrder, BarValidator.Validate("X", Bar("X", 120), 120, Now).Reason!.Value.Code);
        Assert.Equal(Rejection.OutOfOrder, BarValidator.Validate("X", Bar("X", 60), 120, Now).Reason!.Value.Code);
    }

    [Fact]
    public void Validate_RandomBytesMutatedJsonAndExtremeNumbers_NeverThrows_AndEveryRejectionHasAKnownCode()
    {
        Gen<byte[]> randomBytes = Gen.Byte.Array[0, 300];
        Gen<byte[]> mutated = Gen.Select<int, byte, int, byte[]>(Gen.Int[0, 200], Gen.Byte, Gen.Int[0, 3], (position, value, kind) =>
        {
            byte[] json = Bar("X", 120, close: 10);
            int at = position % json.Length;
            return kind switch
            {
                0 => [.. json[..at], .. json[(at + 1)..]],
                1 => [.. json[..at], value, .. json[at..]],
                _ => [.. json[..at], value, .. json[(at + 1)..]],
            };
        });
        Gen<byte[]> extreme = Gen.Select(Gen.Double, Gen.Double, Gen.Long, Gen.OneOf("1e308", "-0", "NaN", "\"x\"", "1e-320", "null", "9007199254740993"),
            (price, volume, timestamp, literal) => Encoding.UTF8.GetBytes(
                $"{{\"series\":\"X\",\"timestamp\":{timestamp},\"open\":{literal},\"high\":{Json(price)},\"low\":{Json(price)},\"close\":{Json(price)},\"volume\":{Json(volume)},\"schemaVersion\":1}}"));
        Gen<string?> keys = Gen.OneOf<string?>(Gen.OneOf<string?>(["X", null]), Gen.String.Select(s => (string?)s));

        Gen.Select(Gen.OneOf(randomBytes, mutated, extreme), keys, Gen.Long).Sample((value, key, previous) =>
        {
            var (bar, reason) = BarValidator.Validate(key, value, previous, Now);
            Assert.True(bar is null != reason is null, "either a bar or a reason");
            if (reason is { } rejection)
            {
                Assert.Contains(rejection.Code, Rejection.Codes);
                Assert.True(rejection.Detail.Length < 400, rejection.Detail);
            }
        }, iter: 20_000);
    }

    [Fact]
    public void MinuteBarJson_AcceptsAndRejectsExactlyWhatTheContractSerialiserDoes()
    {
        Gen<string> literal = Gen.OneOf("1e308", "1e400", "-1e400", "-0", "0.5", "60.5", "9223372036854775808", "\"60\"", "null", "true", "[]", "{}", "1", "120");
        Gen<string> name = Gen.OneOf("series", "timestamp", "open", "high", "low", "close", "volume", "schemaVersion", "Series", "extra");
        Gen<string> property = Gen.Select(name, Gen.OneOf(literal, Gen.OneOf("\"X\"", "\"Y\"")), (n, v) => $"\"{n}\":{v}");
        Gen<string> objects = property.Array[0, 10].Select(ps => "{" + string.Join(',', ps) + "}");
        Gen<string> documents = Gen.OneOf(objects, objects.Select(o => o + " x"), objects.Select(o => " " + o + " "), objects.Select(o => o[..Math.Max(0, o.Length - 1)]), Gen.OneOf("null", "[]", "\"x\"", "1"));

        documents.Sample(text =>
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            MinuteBar? expected;
            try
            {
                expected = JsonSerializer.Deserialize(bytes, ContractsJson.Default.MinuteBar);
            }
            catch (JsonException)
            {
                expected = null;
                Assert.True(MinuteBarJson.Read(bytes, "X", out string? error) is null && error is not null, $"accepted {text}");
                return;
            }

            MinuteBar? actual = MinuteBarJson.Read(bytes, "X", out string? reason);
            Assert.True(reason is null, $"rejected {text}: {reason}");
            Assert.Equal(expected, actual);
        }, iter: 20_000);
    }

    private static string Json(double value) => double.IsFinite(value) ? value.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "0";

    private static byte[] Bar(string series, long timestamp, double close = 10) =>
        JsonSerializer.SerializeToUtf8Bytes(new MinuteBar(series, timestamp, close, close, close, close, 1), ContractsJson.Default.MinuteBar);
}
