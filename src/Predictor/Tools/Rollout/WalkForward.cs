using System.Globalization;
using StreamForecast.Engine.Inference;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Preprocessing;
using StreamForecast.Forecasting.Rollout;
using StreamForecast.MarketData;
using StreamForecast.Predictor.Tools.Training;

namespace StreamForecast.Predictor.Tools.Rollout;

/// <summary>
/// Does fine-tuning from the stream help? A walk-forward run of the whole rollout on one series' bars, day by day, as
/// the service and <c>model promote --when-better</c> would do it: at each day's start a candidate fine-tuned from the
/// champion on the days before goes into shadow for the day; at the day's end it is promoted (its warm row serving from
/// the next bar) when the Diebold–Mariano comparison on that day says it is better. Scored against the static model
/// (never retrained) and naive, on the same forecasts: every day after the first.
/// </summary>
internal sealed class WalkForward(ForecastSettings settings, int trainDays, int epochs, double learningRate, int minForecasts)
{
    /// <summary>Per horizon: the walk-forward LSTM's, the static LSTM's and naive's MAE; and what happened.</summary>
    public sealed record Result(string Series, int Days, int Candidates, int Promotions, double[] Rolling, double[] Static, double[] Naive);

    public Result Run(string series, ForecastModel model, IReadOnlyList<Bar> bars, TextWriter log)
    {
        var days = bars.GroupBy(bar => bar.Timestamp / 86400).Select(day => day.ToList()).ToList();
        long scoredFrom = days.Count > 1 ? days[1][0].Timestamp / 86400 * 86400 : long.MaxValue;
        List<BarScores> alone = Run(model, bars);
        double[] staticMae = Mae(alone, scoredFrom, 0), naive = Mae(alone, scoredFrom, ModelNames.NaiveIndex);

        var owned = new List<IDisposable>();
        var backend = new CpuLstmBackend(model.Checkpoint.Parameters);
        var champion = new ForecastProcessor(model, backend, settings);
        owned.Add(backend);
        owned.Add(champion);
        var route = new RouteModels(champion);
        var served = new List<BarScores>();
        int candidates = 0, promotions = 0;
        Dictionary<(string, long), double?[]>? shadowed = null, servedToday = null;
        try
        {
            for (int d = 0; d < days.Count; d++)
            {
                if (route.Shadow is { } shadow && Better(servedToday!, shadowed!))
                {
                    shadow.Store.MoveTo(series, route.Promoted!.Store);
                    route.Champion.Store.Remove(series);
                    route = new RouteModels(route.Promoted!);
                    promotions++;
                }
                else if (route.Shadow is not null)
                {
                    route = new RouteModels(route.Champion);
                }

                if (d > 0)
                {
                    ForecastModel candidate = FineTune(route.Champion.Model, days.Skip(Math.Max(0, d - trainDays)).Take(Math.Min(d, trainDays)).SelectMany(day => day), series, d);
                    var processors = new ChallengerProcessors(candidate, settings);
                    owned.Add(processors);
                    processors.Join(route, new ChallengerPlan(days[d][0].Timestamp / 86400 * 86400, null));
                    candidates++;
                }

                var outputs = new RouteCollector(scores: true);
                SeriesBar[] chunk = [.. days[d].Select(bar => new SeriesBar(series, bar))];
                outputs.Process(route, chunk, chunk.Length);
                List<BarScores> today = [.. outputs.Parts.Where(part => !part.Shadow).SelectMany(part => part.Outputs.Scores)];
                served.AddRange(today);
                servedToday = Errors(today);
                shadowed = Errors(outputs.Parts.Where(part => part.Shadow).SelectMany(part => part.Outputs.Scores));
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"walk-forward {series} {DateRange.Format(days[d][0].Timestamp)[..10]}: {days[d].Count} bars served by {route.Champion.Model.Id}{(route.Shadow is null ? "" : $", {route.Shadow.Model.Id} in shadow")}"));
            }
        }
        finally
        {
            // Processors before the engines their states came from.
            owned.Reverse();
            owned.ForEach(o => o.Dispose());
        }

        return new Result(series, days.Count, candidates, promotions, Mae(served, scoredFrom, 0), staticMae, naive);
    }

    private bool Better(Dictionary<(string, long), double?[]> champion, Dictionary<(string, long), double?[]> challenger) =>
        ChallengerComparison.Decide(ChallengerComparison.Of(champion, challenger), minForecasts).Promote;

    private ForecastModel FineTune(ForecastModel champion, IEnumerable<Bar> bars, string series, int day)
    {
        var training = new TrainingSettings
        {
            StartFrom = champion,
            Epochs = epochs,
            LearningRate = learningRate,
            Lags = int.TryParse(champion.Checkpoint.Metadata.GetValueOrDefault("lags"), CultureInfo.InvariantCulture, out int lags) ? lags : 10,
            Validation = 0,
        };
        TrainingResult result = new ForecasterTrainer(training, TimeProvider.System, TextWriter.Null, interactive: false).Train(FlowDataset.FromBars(bars, GapPolicy.Default), series);
        return ForecastModel.FromCheckpoint(string.Create(CultureInfo.InvariantCulture, $"{champion.Id.Split("-wf")[0]}-wf{day}"), result.Checkpoint, "walk-forward");
    }

    private List<BarScores> Run(ForecastModel model, IReadOnlyList<Bar> bars)
    {
        using var backend = new CpuLstmBackend(model.Checkpoint.Parameters);
        using var processor = new ForecastProcessor(model, backend, settings);
        var outputs = new ForecastCollector(scores: true);
        foreach (SeriesBar[] chunk in bars.Select(bar => new SeriesBar("s", bar)).Chunk(settings.MaxBatch))
        {
            processor.Process(chunk, outputs);
        }

        return outputs.Scores;
    }

    /// <summary>(series, minute) → the LSTM's error per horizon.</summary>
    private Dictionary<(string, long), double?[]> Errors(IEnumerable<BarScores> scores)
    {
        var errors = new Dictionary<(string, long), double?[]>();
        foreach (BarScores score in scores)
        {
            var row = new double?[settings.Horizon];
            foreach (RealisedForecast forecast in score.Forecasts)
            {
                row[forecast.Horizon - 1] = forecast.Predicted(0) - score.Actual;
            }

            errors[(score.Series, score.Timestamp)] = row;
        }

        return errors;
    }

    /// <summary>Per horizon, the MAE of one model's forecasts made at or after <paramref name="from"/>.</summary>
    private double[] Mae(IEnumerable<BarScores> scores, long from, int model)
    {
        double[] sum = new double[settings.Horizon];
        long[] n = new long[settings.Horizon];
        foreach (BarScores score in scores)
        {
            foreach (RealisedForecast forecast in score.Forecasts.Where(f => f.ForecastAsOf >= from))
            {
                sum[forecast.Horizon - 1] += Math.Abs(forecast.Predicted(model) - score.Actual);
                n[forecast.Horizon - 1]++;
            }
        }

        return [.. sum.Select((total, h) => total / n[h])];
    }
}
