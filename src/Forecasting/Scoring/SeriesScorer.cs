using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Intervals;

namespace StreamForecast.Forecasting.Scoring;

/// <summary>
/// One series' realised-forecast scoring: the forecasts still waiting for their target minutes, and the
/// running error sums. A forecast for t + h is scored only by a bar at exactly t + h; forecasts older
/// than K minutes can no longer be met and are dropped.
/// </summary>
internal sealed class SeriesScorer(int horizon, IntervalSettings intervals)
{
    private const long Minute = 60;

    private readonly List<RealisedForecast> _realised = [];

    public ScoreBoard Board { get; } = new(ModelNames.All.Length, horizon);

    /// <summary>The series' conformal intervals: updated by each realised forecast, read by each new one.</summary>
    public SeriesIntervals Intervals { get; } = new(intervals, horizon);

    /// <summary>Recent forecasts not yet met by all of their target bars, oldest first.</summary>
    public Queue<Forecast> Pending { get; } = new();

    /// <summary>Tracks a forecast just issued, to be scored by the bars it targets.</summary>
    public void Issue(Forecast forecast) => Pending.Enqueue(forecast);

    /// <summary>Scores every pending forecast that targets this bar and adds it to the running sums.</summary>
    /// <param name="series">The series' name.</param>
    /// <param name="timestamp">The bar's minute.</param>
    /// <param name="close">Its close.</param>
    /// <param name="capture">Whether to return what was scored.</param>
    /// <returns>What the bar realised, or null when it realised nothing or <paramref name="capture"/> is false.</returns>
    public BarScores? Realise(string series, long timestamp, double close, bool capture)
    {
        while (Pending.Count > 0 && Pending.Peek().AsOf < timestamp - (horizon * Minute))
        {
            Pending.Dequeue();
        }

        _realised.Clear();
        int models = ModelNames.All.Length;
        Span<double> predicted = stackalloc double[models];
        foreach (Forecast forecast in Pending)
        {
            long minutes = (timestamp - forecast.AsOf) / Minute;
            if (minutes < 1 || minutes > horizon || forecast.AsOf + (minutes * Minute) != timestamp)
            {
                continue;
            }

            int h = (int)minutes;
            for (int model = 0; model < models; model++)
            {
                predicted[model] = forecast.ClosePrediction(model, h);
                Board.Add(model, h, predicted[model], close, forecast.Close, forecast.ScaleFactor);
            }

            Intervals.Realise(forecast.HalfWidths, predicted, h, close);

            if (capture)
            {
                _realised.Add(new RealisedForecast(forecast, h));
            }
        }

        if (_realised.Count == 0)
        {
            return null;
        }

        // Pending is oldest first, so the longest horizon came first.
        _realised.Reverse();
        return new BarScores(series, timestamp, close, [.. _realised]);
    }
}
