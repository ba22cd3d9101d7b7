using StreamForecast.Forecasting.Scoring;

namespace StreamForecast.Forecasting.Tests.Forecasts;

/// <summary>One realised forecast of one model, flattened for assertions.</summary>
internal readonly record struct RealisedScore(string Series, long ForecastAsOf, int Horizon, int Model, double Predicted, double Actual);

/// <summary>What the processor reported as realised, one entry per model and horizon, in report order.</summary>
internal sealed class ScoreList : List<RealisedScore>
{
    public List<BarScores> Bars { get; } = [];

    /// <summary>Flattens the bars collected since the last call (call after each Process).</summary>
    public void Collect()
    {
        foreach (BarScores bar in Bars)
        {
            foreach (RealisedForecast forecast in bar.Forecasts.OrderByDescending(f => f.Horizon))
            {
                for (int model = 0; model < StreamForecast.Forecasting.Forecasts.ModelNames.All.Length; model++)
                {
                    Add(new RealisedScore(bar.Series, forecast.ForecastAsOf, forecast.Horizon, model, forecast.Predicted(model), bar.Actual));
                }
            }
        }

        Bars.Clear();
    }
}
