namespace StreamForecast.Contracts;

/// <summary>
/// The forecast made at <see cref="ForecastAsOf"/> for this bar (h minutes later), scored: each model's
/// error, and the series' running metrics at this horizon (arrays follow <see cref="Score.Models"/>;
/// null where undefined, e.g. MASE while naive has no error yet).
/// </summary>
/// <param name="H">Horizon in minutes.</param>
/// <param name="ForecastAsOf">When the forecast was made.</param>
/// <param name="Errors">Forecast close − actual close, per model.</param>
/// <param name="N">Forecasts scored so far at this horizon (the same for every model).</param>
/// <param name="RmsePrice">Running RMSE of the close, per model.</param>
/// <param name="MaePrice">Running MAE of the close, per model.</param>
/// <param name="Mase">Running MAE / naive's MAE, per model.</param>
/// <param name="TheilU">Running RMSE / naive's RMSE, per model.</param>
public sealed record RealisedHorizon(
    int H, long ForecastAsOf, IReadOnlyList<double> Errors, long N,
    IReadOnlyList<double?> RmsePrice, IReadOnlyList<double?> MaePrice, IReadOnlyList<double?> Mase, IReadOnlyList<double?> TheilU);
