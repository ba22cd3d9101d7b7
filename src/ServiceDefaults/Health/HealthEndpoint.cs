using StreamForecast.ServiceDefaults.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StreamForecast.ServiceDefaults.Health;

/// <summary>
/// A small Kestrel endpoint for probes: <c>GET /healthz/live</c> and <c>GET /healthz/ready</c> answer
/// 200 or 503 with a one-line reason. Off when <see cref="HealthOptions.Urls"/> is empty.
/// </summary>
internal sealed class HealthEndpoint : IDisposable
{
    public const string LivePath = "/healthz/live";
    public const string ReadyPath = "/healthz/ready";

    private readonly WebApplication? _app;

    private HealthEndpoint(WebApplication? app) => _app = app;

    /// <summary>The addresses it listens on (resolved ports included).</summary>
    public IReadOnlyList<string> Addresses => _app is null ? [] : [.. _app.Urls];

    public static HealthEndpoint Start(HealthOptions options, ServiceHealth health, ILoggerFactory logs)
    {
        if (string.IsNullOrWhiteSpace(options.Urls))
        {
            return new HealthEndpoint(null);
        }

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Urls.Split(';'));
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, PassiveLifetime>();
        WebApplication app = builder.Build();
        app.MapGet(LivePath, () => Answer(health.Liveness()));
        app.MapGet(ReadyPath, () => Answer(health.Readiness()));
        app.StartAsync().GetAwaiter().GetResult();
        DefaultsLog.HealthListening(logs.CreateLogger<HealthEndpoint>(), string.Join(", ", app.Urls));
        return new HealthEndpoint(app);
    }

    public void Dispose()
    {
        if (_app is not null)
        {
            _app.StopAsync().GetAwaiter().GetResult();
            ((IDisposable)_app).Dispose();
        }
    }

    private static IResult Answer((bool Ok, string Detail) state) =>
        Results.Text(state.Detail + "\n", statusCode: state.Ok ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
}
