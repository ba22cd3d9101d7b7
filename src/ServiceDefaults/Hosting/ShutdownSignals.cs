using System.Runtime.InteropServices;

namespace StreamForecast.ServiceDefaults.Hosting;

/// <summary>
/// Turns SIGTERM (Kubernetes and Docker stopping a container) and Ctrl-C into cancellation, so a service
/// stores its offsets, flushes and leaves its group instead of being killed mid-batch. <see cref="CatchEarly"/>,
/// first thing in <c>Main</c>, keeps a signal that arrives while the process is still starting (before a command
/// creates its <see cref="ShutdownSignals"/>) from killing it: the command then starts already cancelled and stops
/// cleanly; a process whose command never listens still ends, with the signal's exit code, after
/// <see cref="UnheardGrace"/>.
/// </summary>
internal sealed class ShutdownSignals : IDisposable
{
    /// <summary>How long a signal nobody listens for waits before the process ends with 128 + its number.</summary>
    public static readonly TimeSpan UnheardGrace = TimeSpan.FromSeconds(1);

    private static readonly Lock Gate = new();
    private static PosixSignalRegistration[]? s_early;
    private static int s_listening;
    private static int s_requested;

    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignals(CancellationToken cancellation)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        _registrations = [Register(PosixSignal.SIGTERM), Register(PosixSignal.SIGINT)];
        lock (Gate)
        {
            s_listening++;
            if (s_requested != 0)
            {
                _stop.Cancel();   // the signal came while the process was starting
            }
        }
    }

    public CancellationToken Token => _stop.Token;

    /// <summary>Holds SIGTERM and SIGINT from the start of <c>Main</c> until a command listens (see the class).</summary>
    public static void CatchEarly()
    {
        lock (Gate)
        {
            s_early ??= [EarlyRegister(PosixSignal.SIGTERM, 143), EarlyRegister(PosixSignal.SIGINT, 130)];
        }
    }

    public void Dispose()
    {
        lock (Gate)
        {
            s_listening--;
        }

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

    private static PosixSignalRegistration EarlyRegister(PosixSignal signal, int exitCode) =>
        PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            lock (Gate)
            {
                s_requested = 1;
                if (s_listening > 0)
                {
                    return;   // a command's own registration cancels it
                }
            }

            // Nobody listens yet: a command that does will start cancelled; one that never does ends after the grace.
            new Thread(() =>
            {
                Thread.Sleep(UnheardGrace);
                lock (Gate)
                {
                    if (s_listening > 0)
                    {
                        return;
                    }
                }

                Environment.Exit(exitCode);
            }) { IsBackground = true, Name = "unheard-signal" }.Start();
        });
}
