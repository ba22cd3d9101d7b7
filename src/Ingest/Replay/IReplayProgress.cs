namespace StreamForecast.Ingest.Replay;

/// <summary>Receives the replay position as bars are sent.</summary>
internal interface IReplayProgress
{
    /// <param name="done">Bars handled (sent or skipped as already on the topic).</param>
    /// <param name="total">Bars in range.</param>
    /// <param name="eventTime">Event time of the last bar handled (unix seconds).</param>
    void Report(long done, long total, long eventTime);
}
