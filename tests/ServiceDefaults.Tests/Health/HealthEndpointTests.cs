using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using StreamForecast.ServiceDefaults.Health;

namespace StreamForecast.ServiceDefaults.Tests.Health;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Endpoint_ReadyOnlyOnceSet_LiveUntilTheLoopStalls()
    {
        var time = new ManualTime();
        var health = new ServiceHealth(time, TimeSpan.FromSeconds(30));
        using HealthEndpoint endpoint = HealthEndpoint.Start(new HealthOptions { Urls = "http://127.0.0.1:0" }, health, NullLoggerFactory.Instance);
        using var http = new HttpClient { BaseAddress = new Uri(endpoint.Addresses.Single()) };

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync(HealthEndpoint.ReadyPath)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(HealthEndpoint.LivePath)).StatusCode);

        health.SetReady();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(HealthEndpoint.ReadyPath)).StatusCode);

        time.Advance(TimeSpan.FromSeconds(31));
        HttpResponseMessage stalled = await http.GetAsync(HealthEndpoint.LivePath);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, stalled.StatusCode);
        Assert.Contains("no progress for 31 s", await stalled.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        health.Beat();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(HealthEndpoint.LivePath)).StatusCode);
        health.SetNotReady("partitions revoked");
        HttpResponseMessage notReady = await http.GetAsync(HealthEndpoint.ReadyPath);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "partitions revoked\n"), (notReady.StatusCode, await notReady.Content.ReadAsStringAsync()));
    }

    [Fact]
    public void Endpoint_WithoutUrls_IsOff()
    {
        using HealthEndpoint endpoint = HealthEndpoint.Start(new HealthOptions(), new ServiceHealth(TimeProvider.System, TimeSpan.FromMinutes(1)), NullLoggerFactory.Instance);
        Assert.Empty(endpoint.Addresses);
    }
}
