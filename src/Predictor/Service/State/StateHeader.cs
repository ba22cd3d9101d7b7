namespace StreamForecast.Predictor.Service.State;

/// <summary>What a state record says about itself, ahead of the series' state.</summary>
/// <param name="Fingerprint">The model and forecast settings the state belongs to (<see cref="ModelFingerprint"/>).</param>
/// <param name="Partition">The input partition the series' bars come from (and the state partition it is written to).</param>
/// <param name="Offset">The input offset of the last bar applied: a restored series skips every bar at or below it.</param>
internal readonly record struct StateHeader(ulong Fingerprint, int Partition, long Offset);
