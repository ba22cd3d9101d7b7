using StreamForecast.ServiceDefaults.Telemetry;

namespace StreamForecast.ServiceDefaults.Tests.Telemetry;

public sealed class TelemetryOptionsTests
{
    [Fact]
    public void Listeners_AnyAddressBecomesAWildcard_AndEveryUrlIsKept()
    {
        var options = new TelemetryOptions { MetricsUrls = "http://0.0.0.0:9464; http://127.0.0.1:9465" };

        Assert.Equal([("*", 9464), ("127.0.0.1", 9465)], options.Listeners());
        Assert.Empty(new TelemetryOptions().Listeners());
    }

    [Theory]
    [InlineData("http://0.0.0.0:9464", true)]
    [InlineData("http://a:1;http://b:2", true)]
    [InlineData("", true)]
    [InlineData("0.0.0.0:9464", false)]
    [InlineData("https://0.0.0.0:9464", false)]
    public void Validator_TakesHttpUrlsSeparatedBySemicolons(string urls, bool valid) =>
        Assert.Equal(valid, new TelemetryOptionsValidator().Validate(null, new TelemetryOptions { MetricsUrls = urls }).Succeeded);
}
