using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamForecast.Predictor.Service.Telemetry;
using StreamForecast.ServiceDefaults.Health;

namespace StreamForecast.Predictor.Service;

/// <summary>
/// The predictor service as one unit, the same for <c>serve</c>, the pipeline benchmark and the tests:
/// the models' processors, telemetry, health, and the consume loop on its own thread. <see cref="Stop"/>
/// cancels the loop and waits for it (offsets stored, outputs flushed, group left); disposing stops it
/// first, then frees everything it built.
/// </summary>
internal sealed class PredictorHost : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly ModelRouter _router;
    private readonly Thread _thread;
    private bool _disposed;

    private PredictorHost(
        ServeSettings settings, ServedModels models, ILoggerFactory logs, TimeProvider time, ServiceHealth health, HealthOptions healthOptions, CancellationToken cancellation)
    {
        Readiness = new ReadinessSignals(time, healthOptions.BrokerTimeout, healthOptions.UndeliveredAge);
        Telemetry = new PredictorTelemetry(time) { Readiness = Readiness, Ready = () => health.Readiness().Ready };
        Health = health;
        Health.AddReadinessCheck(Readiness.Problem);
        _router = new ModelRouter(models, settings.Forecast, settings.Options, Telemetry);
        Service = new PredictorService(settings, _router, Telemetry, Health, Readiness, logs.CreateLogger<PredictorService>(), time);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        _thread = new Thread(() => Service.Run(_stop.Token)) { Name = "consume-loop" };
    }

    public PredictorService Service { get; }

    public PredictorTelemetry Telemetry { get; }

    public ServiceHealth Health { get; }

    /// <summary>What readiness needs beyond the assignment: a broker answering, partitions held, outputs delivered.</summary>
    public ReadinessSignals Readiness { get; }

    /// <summary>Builds the service and starts its consume loop.</summary>
    /// <param name="settings">Kafka, topics, forecasting and batching.</param>
    /// <param name="models">The default model and the others by series.</param>
    /// <param name="logs">Where the service logs (none by default).</param>
    /// <param name="time">The clock (latency, health).</param>
    /// <param name="health">What the health endpoint reports (a fresh one, with a 2-minute stall, by default).</param>
    /// <param name="healthOptions">The readiness bounds (broker silence, undelivered age; the defaults if null).</param>
    /// <param name="cancellation">Stops the loop as <see cref="Stop"/> does (e.g. SIGTERM).</param>
    public static PredictorHost Start(
        ServeSettings settings, ServedModels models, ILoggerFactory? logs = null, TimeProvider? time = null, ServiceHealth? health = null,
        HealthOptions? healthOptions = null, CancellationToken cancellation = default)
    {
        time ??= TimeProvider.System;
        healthOptions ??= new HealthOptions();
        var host = new PredictorHost(settings, models, logs ?? NullLoggerFactory.Instance, time, health ?? new ServiceHealth(time, healthOptions.Stall), healthOptions, cancellation);
        host._thread.Start();
        return host;
    }

    /// <summary>Waits for the loop to end on its own (a fatal error or the cancellation token); true once it has.</summary>
    public bool Join(TimeSpan timeout) => _thread.Join(timeout);

    /// <summary>Stops the consume loop and waits for it; nothing is disposed yet, so telemetry can still be read.</summary>
    public void Stop()
    {
        _stop.Cancel();
        _thread.Join();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Stop();
        Service.Dispose();
        _router.Dispose();
        Telemetry.Dispose();
        _stop.Dispose();
    }
}
