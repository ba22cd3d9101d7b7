namespace StreamForecast.Forecasting.Scoring;

/// <summary>A <see cref="ScoreBoard"/>'s running sums as plain arrays, (models, K) each, for a durable state.</summary>
/// <param name="Count">Forecasts scored per cell (the same for every model at a horizon).</param>
/// <param name="Squared">Sum of squared price errors.</param>
/// <param name="Absolute">Sum of absolute price errors.</param>
/// <param name="SquaredScaled">Sum of squared errors in scaled-flow units.</param>
/// <param name="DirectionHits">Forecasts whose direction was right.</param>
/// <param name="DirectionTotal">Forecasts with a direction (ties excluded).</param>
internal sealed record ScoreSums(long[] Count, double[] Squared, double[] Absolute, double[] SquaredScaled, long[] DirectionHits, long[] DirectionTotal);
