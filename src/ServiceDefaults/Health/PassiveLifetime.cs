using Microsoft.Extensions.Hosting;

namespace StreamForecast.ServiceDefaults.Health;

/// <summary>
/// The health endpoint's host lifetime: it leaves SIGTERM and Ctrl-C to the command (the default console
/// lifetime would take them, and the service would never hear it should stop).
/// </summary>
internal sealed class PassiveLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
