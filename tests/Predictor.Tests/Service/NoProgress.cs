using StreamForecast.Ingest.Replay;

namespace StreamForecast.Predictor.Tests.Service;

/// <summary>Replay progress nobody watches.</summary>
internal sealed class NoProgress : IReplayProgress
{
    public void Report(long done, long total, long eventTime)
    {
    }
}
