namespace StreamForecast.Contracts;

/// <summary>
/// Everything forecast at one bar of a series, on <see cref="TopicNames.Predictions"/>, keyed by
/// <see cref="Series"/>. Deterministic: a re-delivered bar yields a byte-identical record, so consumers
/// can de-duplicate by key and <see cref="AsOf"/>.
/// </summary>
/// <param name="Series">The series key.</param>
/// <param name="AsOf">The bar's minute (unix seconds); forecasts are for AsOf + h minutes.</param>
/// <param name="Close">The bar's close.</param>
/// <param name="ModelId">The LSTM checkpoint's name.</param>
/// <param name="ModelVersion">Its model_version metadata.</param>
/// <param name="Horizon">K.</param>
/// <param name="Lstm">The LSTM's forecast.</param>
/// <param name="Baselines">Every baseline's forecast at the same horizons, in a fixed order.</param>
public sealed record Prediction(
    string Series, long AsOf, double Close, string ModelId, string ModelVersion, int Horizon, ModelForecast Lstm, IReadOnlyList<ModelForecast> Baselines)
{
    /// <summary>Version of this schema.</summary>
    public int SchemaVersion { get; init; } = Schemas.Version;
}
