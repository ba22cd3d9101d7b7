namespace StreamForecast.Contracts;

/// <summary>
/// Everything forecast at one bar of a series, on <see cref="TopicNames.Predictions"/>, keyed by
/// <see cref="Series"/>: the LSTM's closes for h = 1..K, and each baseline as the straight line its
/// closes lie on. Deterministic: a re-delivered bar yields a byte-identical record, so consumers can
/// de-duplicate by key and <see cref="AsOf"/>.
/// </summary>
/// <param name="Series">The series key.</param>
/// <param name="AsOf">The bar's minute (unix seconds); forecasts are for AsOf + h minutes.</param>
/// <param name="Close">The bar's close.</param>
/// <param name="ModelId">The LSTM checkpoint's name.</param>
/// <param name="ModelVersion">Its model_version metadata.</param>
/// <param name="Horizon">K.</param>
/// <param name="Lstm">The LSTM's forecast close at AsOf + h minutes, index h − 1.</param>
/// <param name="Baselines">naive, drift, sma, ema, holt, in that order.</param>
/// <param name="Intervals">The LSTM's prediction intervals, one per level of <c>Predictor:IntervalLevels</c>; null when the LSTM has none (intervals off).</param>
public sealed record Prediction(
    string Series, long AsOf, double Close, string ModelId, string ModelVersion, int Horizon, IReadOnlyList<double> Lstm, IReadOnlyList<BaselineForecast> Baselines,
    IReadOnlyList<PredictionInterval>? Intervals)
{
    /// <summary>Version of this schema (3: the LSTM's intervals only; 2: closes of the baselines as lines, no flows).</summary>
    public int SchemaVersion { get; init; } = Schemas.PredictionVersion;
}
