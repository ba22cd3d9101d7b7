using System.Diagnostics.Metrics;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Intervals;
using StreamForecast.Forecasting.Scoring;

namespace StreamForecast.Predictor.Service.Telemetry;

/// <summary>
/// Turns the processors' running scores into gauge measurements. Below <c>seriesTagLimit</c> series each
/// series is its own time series (tags series, model, horizon); above it the series tag is dropped and
/// the value is the mean over series, so a large deployment cannot explode the metric store. Above the
/// limit the series are walked without allocating anything per series.
/// </summary>
internal static class GaugeSnapshotBuilder
{
    public static GaugeSnapshot Build(
        IReadOnlyCollection<ForecastProcessor> processors, int horizon, int seriesTagLimit, IReadOnlyDictionary<string, LatestClose> latest,
        IReadOnlyDictionary<int, long> consumerLag, long? newestEventTime)
    {
        int count = processors.Sum(p => p.Series.Count);
        bool perSeries = count <= seriesTagLimit;
        var rmse = new List<Measurement<double>>();
        var mae = new List<Measurement<double>>();
        var mase = new List<Measurement<double>>();
        for (int model = 0; model < ModelNames.All.Length; model++)
        {
            for (int h = 1; h <= horizon; h++)
            {
                var modelTag = new KeyValuePair<string, object?>(TelemetryTags.Model, ModelNames.All[model]);
                var horizonTag = new KeyValuePair<string, object?>(TelemetryTags.Horizon, h);
                if (perSeries)
                {
                    foreach (ForecastProcessor processor in processors)
                    {
                        foreach (SeriesState each in processor.Series)
                        {
                            HorizonMetrics metrics = each.Scorer.Board.Metrics(model, h);
                            var seriesTag = new KeyValuePair<string, object?>(TelemetryTags.Series, each.Name);
                            Add(rmse, metrics.RmsePrice, seriesTag, modelTag, horizonTag);
                            Add(mae, metrics.MaePrice, seriesTag, modelTag, horizonTag);
                            Add(mase, metrics.Mase, seriesTag, modelTag, horizonTag);
                        }
                    }
                }
                else
                {
                    var (meanRmse, meanMae, meanMase) = Means(processors, model, h);
                    Add(rmse, meanRmse, modelTag, horizonTag);
                    Add(mae, meanMae, modelTag, horizonTag);
                    Add(mase, meanMase, modelTag, horizonTag);
                }
            }
        }

        var actual = new List<Measurement<double>>();
        var predicted = new List<Measurement<double>>();
        if (perSeries)
        {
            foreach (var (name, close) in latest)
            {
                var seriesTag = new KeyValuePair<string, object?>(TelemetryTags.Series, name);
                Add(actual, close.Actual, seriesTag);
                for (int model = 0; model < ModelNames.All.Length; model++)
                {
                    Add(predicted, close.OneMinute.Predicted(model), seriesTag, new KeyValuePair<string, object?>(TelemetryTags.Model, ModelNames.All[model]));
                }
            }
        }

        Measurement<long>[] lag = [.. consumerLag.Select(pair => new Measurement<long>(pair.Value, new KeyValuePair<string, object?>(TelemetryTags.Partition, pair.Key)))];
        var (coverage, width) = Intervals(processors, horizon, perSeries);
        return new GaugeSnapshot(newestEventTime, lag, count, [.. rmse], [.. mae], [.. mase], [.. actual], [.. predicted], coverage, width);
    }

    /// <summary>Interval coverage and width per model, horizon and level; per series below the limit, else the mean over series.</summary>
    private static (Measurement<double>[] Coverage, Measurement<double>[] Width) Intervals(IReadOnlyCollection<ForecastProcessor> processors, int horizon, bool perSeries)
    {
        var coverage = new List<Measurement<double>>();
        var width = new List<Measurement<double>>();
        if (processors.Count == 0)
        {
            return ([], []);
        }

        IntervalSettings settings = processors.First().Settings.Intervals;
        for (int slot = 0; slot < settings.Models.Count; slot++)
        {
            for (int h = 1; h <= horizon; h++)
            {
                for (int level = 0; level < settings.Levels.Count; level++)
                {
                    KeyValuePair<string, object?>[] tags =
                    [
                        new(TelemetryTags.Model, ModelNames.All[settings.Models[slot]]), new(TelemetryTags.Horizon, h), new(TelemetryTags.Level, settings.LevelName(level)),
                    ];
                    (double coverageSum, double widthSum, int n) = (0, 0, 0);
                    foreach (SeriesState each in processors.SelectMany(processor => processor.Series))
                    {
                        IntervalMetrics metrics = each.Scorer.Intervals.Metrics(slot, h, level);
                        if (metrics.N == 0)
                        {
                            continue;
                        }

                        if (perSeries)
                        {
                            var seriesTag = new KeyValuePair<string, object?>(TelemetryTags.Series, each.Name);
                            Add(coverage, metrics.Coverage, [seriesTag, .. tags]);
                            Add(width, metrics.Width, [seriesTag, .. tags]);
                        }

                        (coverageSum, widthSum, n) = (coverageSum + metrics.Coverage, widthSum + metrics.Width, n + 1);
                    }

                    if (!perSeries && n > 0)
                    {
                        Add(coverage, coverageSum / n, tags);
                        Add(width, widthSum / n, tags);
                    }
                }
            }
        }

        return ([.. coverage], [.. width]);
    }

    // A metric with no value yet (no scored forecast, or naive's MAE still 0) is left out, not sent as NaN.
    private static void Add(List<Measurement<double>> into, double value, params ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (double.IsFinite(value))
        {
            into.Add(new Measurement<double>(value, tags));
        }
    }

    /// <summary>Means over the series that have a value, walking each processor's series once.</summary>
    private static (double Rmse, double Mae, double Mase) Means(IEnumerable<ForecastProcessor> processors, int model, int h)
    {
        (double rmse, double mae, double mase) = (0, 0, 0);
        (int nRmse, int nMae, int nMase) = (0, 0, 0);
        foreach (ForecastProcessor processor in processors)
        {
            foreach (SeriesState each in processor.Series)
            {
                HorizonMetrics metrics = each.Scorer.Board.Metrics(model, h);
                Accumulate(metrics.RmsePrice, ref rmse, ref nRmse);
                Accumulate(metrics.MaePrice, ref mae, ref nMae);
                Accumulate(metrics.Mase, ref mase, ref nMase);
            }
        }

        return (nRmse > 0 ? rmse / nRmse : double.NaN, nMae > 0 ? mae / nMae : double.NaN, nMase > 0 ? mase / nMase : double.NaN);
    }

    private static void Accumulate(double value, ref double sum, ref int n)
    {
        if (double.IsFinite(value))
        {
            sum += value;
            n++;
        }
    }
}
