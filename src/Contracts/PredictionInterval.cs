namespace StreamForecast.Contracts;

/// <summary>
/// The LSTM's prediction intervals at one nominal level, by horizon (index h − 1): the interval is the
/// LSTM's forecast close ± the half-width (lower = close − halfWidth, upper = close + halfWidth, in double
/// precision as written). Learnt online from the series' own absolute errors at that horizon
/// (<c>Predictor:IntervalMethod</c>: quantile tracking by default, or windowed adaptive conformal); null
/// while fewer than <c>Predictor:IntervalMinErrors</c> forecasts were realised at that horizon.
/// </summary>
/// <param name="Level">Nominal coverage in percent (80 means the actual close should fall inside 80 % of the time).</param>
/// <param name="HalfWidths">Index h − 1; null while warming up.</param>
public sealed record PredictionInterval(double Level, IReadOnlyList<double?> HalfWidths);

/// <summary>The running scores of one model's intervals at one level, by horizon (index h − 1); null where none was realised yet.</summary>
/// <param name="Model">The model.</param>
/// <param name="Level">Nominal coverage in percent.</param>
/// <param name="N">Intervals realised.</param>
/// <param name="Coverage">Share that held the actual close (compare with the level).</param>
/// <param name="Width">Mean width (upper − lower), in price.</param>
/// <param name="Winkler">Mean Winkler score: width + (2/α) × the distance by which the actual missed (lower is better).</param>
public sealed record IntervalScores(string Model, double Level, IReadOnlyList<long> N, IReadOnlyList<double?> Coverage, IReadOnlyList<double?> Width, IReadOnlyList<double?> Winkler);
