using StreamForecast.Contracts;
using StreamForecast.Predictor.Forecasting;

namespace StreamForecast.Predictor.Service;

/// <summary>Turns the processor's forecasts and realised scores into the published messages.</summary>
internal static class ContractMapping
{
    public static Prediction ToPrediction(Forecast forecast, ForecastModel model)
    {
        var baselines = new ModelForecast[ModelNames.All.Length - 1];
        for (int m = 1; m < ModelNames.All.Length; m++)
        {
            baselines[m - 1] = ModelForecast(forecast, m);
        }

        return new Prediction(forecast.Series, forecast.AsOf, forecast.Close, model.Id, model.Version, forecast.Horizon, ModelForecast(forecast, ModelNames.LstmIndex), baselines);
    }

    /// <summary>One Score for the realised forecasts of one bar (scores all of the same series and bar).</summary>
    public static Score ToScore(IReadOnlyList<RealizedScore> scores, long timestamp, ScoreBoard board)
    {
        int models = ModelNames.All.Length;
        var horizons = new List<RealisedHorizon>();
        foreach (var group in scores.GroupBy(s => (s.Horizon, s.ForecastAsOf)).OrderBy(g => g.Key.Horizon))
        {
            double[] errors = new double[models];
            foreach (RealizedScore score in group)
            {
                errors[score.Model] = score.Error;
            }

            int h = group.Key.Horizon;
            HorizonMetrics[] metrics = [.. Enumerable.Range(0, models).Select(m => board.Metrics(m, h))];
            horizons.Add(new RealisedHorizon(
                h, group.Key.ForecastAsOf, errors, metrics[0].N,
                [.. metrics.Select(x => Finite(x.RmsePrice))], [.. metrics.Select(x => Finite(x.MaePrice))],
                [.. metrics.Select(x => Finite(x.Mase))], [.. metrics.Select(x => Finite(x.TheilU))]));
        }

        return new Score(scores[0].Series, timestamp, scores[0].Actual, ModelNames.All, horizons);
    }

    private static ModelForecast ModelForecast(Forecast forecast, int model)
    {
        double[] closes = new double[forecast.Horizon], flows = new double[forecast.Horizon];
        for (int h = 1; h <= forecast.Horizon; h++)
        {
            closes[h - 1] = forecast.ClosePrediction(model, h);
            flows[h - 1] = forecast.FlowPrediction(model, h);
        }

        return new ModelForecast(ModelNames.All[model], closes, flows);
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
