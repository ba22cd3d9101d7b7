namespace StreamForecast.ServiceDefaults.Health;

/// <summary>
/// What the health endpoint reports, set by the service's work loop: live while the loop has beaten
/// within the stall time, ready once the service says so (models loaded, consumer assigned) and no readiness
/// check finds a problem (a silent broker, say).
/// </summary>
internal sealed class ServiceHealth(TimeProvider time, TimeSpan stall)
{
    private long _lastBeat = time.GetTimestamp();
    private volatile string? _notReady = "starting";
    private volatile Func<string?>[] _checks = [];

    /// <summary>The loop made progress (or is waiting on purpose).</summary>
    public void Beat() => Volatile.Write(ref _lastBeat, time.GetTimestamp());

    public void SetReady() => _notReady = null;

    /// <summary>Not ready, and why (e.g. "partitions revoked").</summary>
    public void SetNotReady(string reason) => _notReady = reason;

    public (bool Live, string Detail) Liveness()
    {
        TimeSpan since = time.GetElapsedTime(Volatile.Read(ref _lastBeat));
        return since <= stall ? (true, $"beat {since.TotalSeconds:0.0} s ago") : (false, $"no progress for {since.TotalSeconds:0} s");
    }

    /// <summary>A condition readiness also needs: null when fine, else why not (read from the probe's thread).</summary>
    public void AddReadinessCheck(Func<string?> check) => _checks = [.. _checks, check];

    public (bool Ready, string Detail) Readiness()
    {
        if (_notReady is { } reason)
        {
            return (false, reason);
        }

        foreach (Func<string?> check in _checks)
        {
            if (check() is { } problem)
            {
                return (false, problem);
            }
        }

        return (true, "ready");
    }
}
