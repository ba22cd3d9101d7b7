namespace StreamForecast.Forecasting.Rollout;

/// <summary>
/// When a route's challenger runs: in shadow from the first bar of each series at or after <see cref="StartAt"/>,
/// serving from the first bar at or after <see cref="PromoteAt"/> (none: it stays in shadow). Minutes of the
/// bars (unix seconds), never of the wall clock: outputs stay a pure function of the bars and the model records.
/// </summary>
/// <param name="StartAt">The first minute the challenger sees.</param>
/// <param name="PromoteAt">The first minute it serves, or null.</param>
internal sealed record ChallengerPlan(long StartAt, long? PromoteAt)
{
    public bool Shadows(long minute) => minute >= StartAt && !Serves(minute);

    public bool Serves(long minute) => PromoteAt is { } promoteAt && minute >= promoteAt;
}
