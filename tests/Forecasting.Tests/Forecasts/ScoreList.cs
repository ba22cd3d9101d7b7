using StreamForecast.Forecasting.Forecasts;

namespace StreamForecast.Forecasting.Tests.Forecasts;

/// <summary>One realised forecast of one model, flattened for assertions.</summary>
internal readonly record struct RealisedScore(string Series, long ForecastAsOf, int Horizon, int Model, double Predicted, double Actual);

/// <summary>What the processor reported as realised, one entry per model and horizon, in report order.</summary>
internal sealed class ScoreList : List<RealisedScore>
{
    /// <summary>Flattens the bars collected since the last call (longest horizon first, as the forecasts were made) and empties the list.</summary>
    public void Collect(List<BarScores> bars)
    {
        foreach (BarScores bar in bars)
        {
            foreach (RealisedForecast forecast in bar.Forecasts.OrderByDescending(f => f.Horizon))
            {
                for (int model = 0; model < ModelNames.All.Length; model++)
                {
                    Add(new RealisedScore(bar.Series, forecast.ForecastAsOf, forecast.Horizon, model, forecast.Predicted(model), bar.Actual));
                }
            }
        }

        bars.Clear();
    }
}
