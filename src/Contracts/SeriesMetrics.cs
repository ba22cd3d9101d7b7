using System.Text.Json.Serialization;

namespace StreamForecast.Contracts;

/// <summary>
/// A series' running metrics since its state began, on <see cref="TopicNames.Metrics"/> (compacted, keyed by
/// series: the newest record is the current one), written every <c>Predictor:MetricsEvery</c> bars of the
/// series. Deterministic like every output: the same bars give the same record.
/// </summary>
/// <param name="Series">The series key.</param>
/// <param name="AsOf">The bar they are current at.</param>
/// <param name="Bars">Bars the series has had.</param>
/// <param name="Horizon">K.</param>
/// <param name="Models">One entry per model: lstm, naive, drift, sma, ema, holt.</param>
/// <param name="Intervals">The interval scores of each model in <c>Predictor:IntervalModels</c> and level; null when intervals are off.</param>
public sealed record SeriesMetrics(string Series, long AsOf, long Bars, int Horizon, IReadOnlyList<ModelMetrics> Models, IReadOnlyList<IntervalScores>? Intervals)
{
    /// <summary>
    /// True when the series is forecast by a per-series model and its close lies far outside the closes that model
    /// was trained on (below half its lowest, above twice its highest): its LSTM numbers mean little; serve it with a
    /// global model. Absent (false) otherwise.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool OutsideTrainingRange { get; init; }

    /// <summary>
    /// <c>challenger</c> for a challenger's record in shadow (keyed <c>SERIES#challenger</c>, beside the served
    /// model's record keyed by the series); absent for the served model's.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Role { get; init; }

    /// <summary>Version of this schema.</summary>
    public int SchemaVersion { get; init; } = Schemas.OutputVersion;
}

/// <summary>One model's running metrics by horizon, index h − 1; null where undefined (nothing scored yet, or naive's error still 0).</summary>
/// <param name="Model">The model.</param>
/// <param name="N">Forecasts scored.</param>
/// <param name="Rmse">RMSE of the close.</param>
/// <param name="Mae">MAE of the close.</param>
/// <param name="Mase">MAE over naive's MAE (below 1 beats naive).</param>
/// <param name="TheilU">RMSE over naive's RMSE.</param>
public sealed record ModelMetrics(string Model, IReadOnlyList<long> N, IReadOnlyList<double?> Rmse, IReadOnlyList<double?> Mae, IReadOnlyList<double?> Mase, IReadOnlyList<double?> TheilU);
