namespace StreamForecast.Forecasting.Intervals;

/// <summary>The running scores of one model's intervals at one horizon and level.</summary>
/// <param name="N">Intervals realised.</param>
/// <param name="Coverage">Share that held the actual close (nominal: the level).</param>
/// <param name="Width">Mean width (upper − lower), in price.</param>
/// <param name="Winkler">Mean Winkler interval score: the width plus 2/α times any miss distance (lower is better).</param>
internal readonly record struct IntervalMetrics(long N, double Coverage, double Width, double Winkler);
