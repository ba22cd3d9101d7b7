using StreamForecast.Ingest.Replay;

namespace StreamForecast.Ingest.Tests.Replay;

public sealed class ReplaySpeedTests
{
    [Theory]
    [InlineData("max", double.PositiveInfinity)]
    [InlineData("realtime", 1)]
    [InlineData("60x", 60)]
    [InlineData("0.5x", 0.5)]
    public void Parse_KnownForms_GiveTheirFactor(string text, double factor) => Assert.Equal(factor, ReplaySpeed.Parse(text).Factor);

    [Theory]
    [InlineData("fast")]
    [InlineData("0x")]
    [InlineData("-2x")]
    public void Parse_Other_FailsNamingTheFlag(string text) =>
        Assert.Contains("--speed", Assert.Throws<FormatException>(() => ReplaySpeed.Parse(text)).Message, StringComparison.Ordinal);

    [Fact]
    public void DelayFor_SixtyTimes_WaitsOneSecondPerEventMinuteMinusElapsed()
    {
        var speed = ReplaySpeed.Parse("60x");

        Assert.Equal(TimeSpan.FromSeconds(2), speed.DelayFor(TimeSpan.FromMinutes(2), TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromSeconds(0.5), speed.DelayFor(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(1.5)));
        Assert.Equal(TimeSpan.Zero, speed.DelayFor(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(3)));
        Assert.Equal(TimeSpan.Zero, ReplaySpeed.Max.DelayFor(TimeSpan.FromDays(1), TimeSpan.Zero));
    }
}
