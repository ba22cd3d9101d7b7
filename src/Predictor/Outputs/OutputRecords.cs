using StreamForecast.Contracts;
using StreamForecast.Predictor.Forecasting;
using StreamForecast.Predictor.Scoring;

namespace StreamForecast.Predictor.Outputs;

/// <summary>Turns the processor's forecasts, realised scores and metrics into the published messages (schema 2).</summary>
internal static class OutputRecords
{
    public static Prediction ToPrediction(Forecast forecast, ForecastModel model)
    {
        double[] lstm = new double[forecast.Horizon];
        for (int h = 1; h <= forecast.Horizon; h++)
        {
            lstm[h - 1] = forecast.ClosePrediction(ModelNames.LstmIndex, h);
        }

        var baselines = new BaselineForecast[ModelNames.All.Length - 1];
        for (int b = 0; b < baselines.Length; b++)
        {
            var (origin, slope) = forecast.Composer.Line(forecast.Recipe, forecast.Close, b);
            baselines[b] = new BaselineForecast(ModelNames.All[b + 1], origin, slope);
        }

        return new Prediction(forecast.Series, forecast.AsOf, forecast.Close, model.Id, model.Version, forecast.Horizon, lstm, baselines);
    }

    /// <summary>One Score for everything one bar realised, with the errors of <paramref name="models"/> (indexes in report order).</summary>
    public static Score ToScore(BarScores scores, IReadOnlyList<int> models, int horizon)
    {
        var errors = new IReadOnlyList<double>?[horizon];
        foreach (RealisedForecast realised in scores.Forecasts)
        {
            double[] row = new double[models.Count];
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = realised.Predicted(models[i]) - scores.Actual;
            }

            errors[realised.Horizon - 1] = row;
        }

        return new Score(scores.Series, scores.Timestamp, scores.Actual, [.. models.Select(m => ModelNames.All[m])], errors);
    }

    public static SeriesMetrics ToMetrics(MetricsSnapshot snapshot)
    {
        int k = snapshot.Horizon;
        var models = new ModelMetrics[ModelNames.All.Length];
        for (int model = 0; model < models.Length; model++)
        {
            HorizonMetrics[] row = snapshot.Metrics[(model * k)..((model + 1) * k)];
            models[model] = new ModelMetrics(ModelNames.All[model], [.. row.Select(m => m.N)],
                [.. row.Select(m => Finite(m.RmsePrice))], [.. row.Select(m => Finite(m.MaePrice))], [.. row.Select(m => Finite(m.Mase))], [.. row.Select(m => Finite(m.TheilU))]);
        }

        return new SeriesMetrics(snapshot.Series, snapshot.AsOf, snapshot.Bars, k, models);
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
