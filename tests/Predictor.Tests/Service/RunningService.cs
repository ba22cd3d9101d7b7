using Microsoft.Extensions.Logging.Abstractions;
using StreamForecast.Predictor.Forecasting;
using StreamForecast.Predictor.Service;
using StreamForecast.Predictor.Telemetry;
using StreamForecast.ServiceDefaults.Health;

namespace StreamForecast.Predictor.Tests.Service;

/// <summary>A predictor service on its own thread, with its own telemetry, stopped and cleaned up on dispose.</summary>
internal sealed class RunningService : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ModelRouter _router;
    private readonly Thread _thread;

    public RunningService(ServeSettings settings, ForecastModel model, ForecastSettings forecast)
    {
        Telemetry = new PredictorTelemetry(TimeProvider.System);
        Health = new ServiceHealth(TimeProvider.System, TimeSpan.FromMinutes(1));
        _router = new ModelRouter(model, new Dictionary<string, ForecastModel>(), forecast, Telemetry);
        Service = new PredictorService(settings, _router, Telemetry, Health, NullLogger<PredictorService>.Instance, TimeProvider.System);
        _thread = new Thread(() => Service.Run(_stop.Token));
        _thread.Start();
    }

    public PredictorService Service { get; }

    public PredictorTelemetry Telemetry { get; }

    public ServiceHealth Health { get; }

    /// <summary>Stops the consume loop (its last gauge refresh included) without disposing anything yet.</summary>
    public void Stop()
    {
        _stop.Cancel();
        _thread.Join();
    }

    public void Dispose()
    {
        Stop();
        Service.Dispose();
        _router.Dispose();
        Telemetry.Dispose();
        _stop.Dispose();
    }
}
