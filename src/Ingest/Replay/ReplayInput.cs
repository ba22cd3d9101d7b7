namespace StreamForecast.Ingest.Replay;

/// <summary>One file replayed as one series.</summary>
internal sealed record ReplayInput(string Path, string Series);
