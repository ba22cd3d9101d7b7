using StreamForecast.Ingest.Replay;

namespace StreamForecast.Integration.Tests;

/// <summary>Replay progress nobody watches.</summary>
internal sealed class NoProgress : IReplayProgress
{
    public void Report(long done, long total, long eventTime)
    {
    }
}
