using StreamForecast.ServiceDefaults.Health;

namespace StreamForecast.Ingest.Replay;

/// <summary>Passes progress on and tells the health endpoint the replay is moving.</summary>
internal sealed class HealthBeat(IReplayProgress inner, ServiceHealth health) : IReplayProgress
{
    public void Report(long done, long total, long eventTime)
    {
        health.Beat();
        inner.Report(done, total, eventTime);
    }
}
