using StreamForecast.Contracts;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Intervals;
using StreamForecast.Forecasting.Scoring;

namespace StreamForecast.Predictor.Service.Outputs;

/// <summary>Turns forecasts, realised scores and metrics kept as values into the published messages (Prediction 3, Score and SeriesMetrics 2).</summary>
internal static class OutputRecords
{
    public static Prediction ToPrediction(Forecast forecast, ForecastModel model, IntervalSettings intervals)
    {
        double[] lstm = new double[forecast.Horizon];
        for (int h = 1; h <= forecast.Horizon; h++)
        {
            lstm[h - 1] = forecast.ClosePrediction(ModelNames.LstmIndex, h);
        }

        var baselines = new BaselineForecast[ModelNames.All.Length - 1];
        for (int b = 0; b < baselines.Length; b++)
        {
            baselines[b] = new BaselineForecast(ModelNames.All[b + 1], forecast.Origins[b], forecast.Slopes[b]);
        }

        return new Prediction(forecast.Series, forecast.AsOf, forecast.Close, model.Id, model.Version, forecast.Horizon, lstm, baselines, Intervals(forecast, intervals));
    }

    /// <summary>The LSTM's intervals only (naive's are scored on the metrics topic).</summary>
    private static PredictionInterval[]? Intervals(Forecast forecast, IntervalSettings intervals)
    {
        int slot = intervals.Slot(ModelNames.LstmIndex);
        if (forecast.HalfWidths is not { } halfWidths || slot < 0)
        {
            return null;
        }

        int k = forecast.Horizon;
        return [.. Enumerable.Range(0, intervals.Levels.Count).Select(level =>
            new PredictionInterval(intervals.Levels[level], [.. Enumerable.Range(1, k).Select(h => Finite(halfWidths[intervals.Index(slot, h, k, level)]))]))];
    }

    /// <summary>One Score for everything one bar realised, with the errors of <paramref name="models"/> (indexes in report order).</summary>
    public static Score ToScore(BarScores scores, IReadOnlyList<int> models, int horizon, string? role = null)
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

        return new Score(scores.Series, scores.Timestamp, scores.Actual, [.. models.Select(m => ModelNames.All[m])], errors) { Role = role };
    }

    public static SeriesMetrics ToMetrics(MetricsSnapshot snapshot, string? role = null)
    {
        int k = snapshot.Horizon;
        var models = new ModelMetrics[ModelNames.All.Length];
        for (int model = 0; model < models.Length; model++)
        {
            HorizonMetrics[] row = snapshot.Metrics[(model * k)..((model + 1) * k)];
            models[model] = new ModelMetrics(ModelNames.All[model], [.. row.Select(m => m.N)],
                [.. row.Select(m => Finite(m.RmsePrice))], [.. row.Select(m => Finite(m.MaePrice))], [.. row.Select(m => Finite(m.Mase))], [.. row.Select(m => Finite(m.TheilU))]);
        }

        IntervalSettings intervals = snapshot.Intervals;
        IntervalScores[]? scores = null;
        if (intervals.Enabled)
        {
            var list = new List<IntervalScores>();
            for (int slot = 0; slot < intervals.Models.Count; slot++)
            {
                for (int level = 0; level < intervals.Levels.Count; level++)
                {
                    IntervalMetrics[] row = [.. Enumerable.Range(1, k).Select(h => snapshot.Interval(slot, h, level))];
                    list.Add(new IntervalScores(ModelNames.All[intervals.Models[slot]], intervals.Levels[level], [.. row.Select(m => m.N)],
                        [.. row.Select(m => Finite(m.Coverage))], [.. row.Select(m => Finite(m.Width))], [.. row.Select(m => Finite(m.Winkler))]));
                }
            }

            scores = [.. list];
        }

        return new SeriesMetrics(snapshot.Series, snapshot.AsOf, snapshot.Bars, k, models, scores) { OutsideTrainingRange = snapshot.OutsideTrainingRange, Role = role };
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
