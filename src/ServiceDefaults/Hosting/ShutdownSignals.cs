using System.Runtime.InteropServices;

namespace StreamForecast.ServiceDefaults.Hosting;

/// <summary>
/// Turns SIGTERM (Kubernetes and Docker stopping a container) and Ctrl-C into cancellation, so a service
/// stores its offsets, flushes and leaves its group instead of being killed mid-batch.
/// </summary>
internal sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignals(CancellationToken cancellation)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        _registrations = [Register(PosixSignal.SIGTERM), Register(PosixSignal.SIGINT)];
    }

    public CancellationToken Token => _stop.Token;

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }

        _stop.Dispose();
    }

    private PosixSignalRegistration Register(PosixSignal signal) =>
        PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            _stop.Cancel();
        });
}
