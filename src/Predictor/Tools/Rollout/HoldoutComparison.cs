using StreamForecast.Engine.Inference;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.MarketData;

namespace StreamForecast.Predictor.Tools.Rollout;

/// <summary>
/// A candidate against the champion on the held-out end of some series' bars: each model runs through every bar of
/// each series from a cold state (as a challenger would, warming on the part before), and only forecasts made at or
/// after the held-out start are scored: the LSTM's MAE at h = 1, and naive's on the same forecasts.
/// </summary>
internal static class HoldoutComparison
{
    /// <summary>One model's score on the held-out part.</summary>
    public sealed record Score(string Model, long Forecasts, double Mae, double NaiveMae)
    {
        public double Mase => Mae / NaiveMae;
    }

    public static Score Of(ForecastModel model, IReadOnlyDictionary<string, List<Bar>> bars, long heldOutFrom, ForecastSettings settings)
    {
        using var backend = new CpuLstmBackend(model.Checkpoint.Parameters);
        using var processor = new ForecastProcessor(model, backend, settings);
        var outputs = new ForecastCollector(scores: true);
        foreach (var (series, list) in bars)
        {
            foreach (SeriesBar[] chunk in list.Select(bar => new SeriesBar(series, bar)).Chunk(settings.MaxBatch))
            {
                processor.Process(chunk, outputs);
            }
        }

        long n = 0;
        double lstm = 0, naive = 0;
        foreach (BarScores score in outputs.Scores)
        {
            foreach (RealisedForecast forecast in score.Forecasts)
            {
                if (forecast.Horizon == 1 && forecast.ForecastAsOf >= heldOutFrom)
                {
                    n++;
                    lstm += Math.Abs(forecast.Predicted(0) - score.Actual);
                    naive += Math.Abs(forecast.Predicted(ModelNames.NaiveIndex) - score.Actual);
                }
            }
        }

        return new Score(model.Id, n, lstm / n, naive / n);
    }
}
