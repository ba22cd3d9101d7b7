namespace StreamForecast.Predictor.Scoring;

/// <summary>A series' running metrics as of one of its bars, every model and horizon.</summary>
/// <param name="Series">The series.</param>
/// <param name="AsOf">The bar.</param>
/// <param name="Bars">Bars the series has had by then.</param>
/// <param name="Horizon">K.</param>
/// <param name="Metrics">(models, K): model m at h at [m·K + h − 1].</param>
internal sealed record MetricsSnapshot(string Series, long AsOf, long Bars, int Horizon, HorizonMetrics[] Metrics)
{
    public static MetricsSnapshot Of(string series, long asOf, long bars, ScoreBoard board, int models, int horizon)
    {
        var metrics = new HorizonMetrics[models * horizon];
        for (int model = 0; model < models; model++)
        {
            for (int h = 1; h <= horizon; h++)
            {
                metrics[(model * horizon) + h - 1] = board.Metrics(model, h);
            }
        }

        return new MetricsSnapshot(series, asOf, bars, horizon, metrics);
    }
}
