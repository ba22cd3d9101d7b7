using StreamForecast.Contracts;
using StreamForecast.Predictor.Forecasting;
using StreamForecast.Predictor.Scoring;

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

    /// <summary>One Score for everything one bar realised.</summary>
    public static Score ToScore(BarScores scores)
    {
        var horizons = new RealisedHorizon[scores.Forecasts.Count];
        for (int i = 0; i < horizons.Length; i++)
        {
            RealisedForecast realised = scores.Forecasts[i];
            HorizonMetrics[] metrics = realised.Running;
            horizons[i] = new RealisedHorizon(
                realised.Horizon, realised.ForecastAsOf, [.. realised.Predicted.Select(predicted => predicted - scores.Actual)], metrics[0].N,
                [.. metrics.Select(x => Finite(x.RmsePrice))], [.. metrics.Select(x => Finite(x.MaePrice))],
                [.. metrics.Select(x => Finite(x.Mase))], [.. metrics.Select(x => Finite(x.TheilU))]);
        }

        return new Score(scores.Series, scores.Timestamp, scores.Actual, ModelNames.All, horizons);
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
