using System.Diagnostics.Metrics;
using StreamForecast.Predictor.Forecasting;
using StreamForecast.Predictor.Scoring;

namespace StreamForecast.Predictor.Telemetry;

/// <summary>
/// Turns the processors' running scores into gauge measurements. Below <c>seriesTagLimit</c> series each
/// series is its own time series (tags series, model, horizon); above it the series tag is dropped and
/// the value is the mean over series, so a large deployment cannot explode the metric store.
/// </summary>
internal static class GaugeSnapshotBuilder
{
    public static GaugeSnapshot Build(
        IReadOnlyList<SeriesState> series, int horizon, int seriesTagLimit, IReadOnlyDictionary<string, LatestClose> latest,
        IReadOnlyDictionary<int, long> consumerLag, long? newestEventTime)
    {
        bool perSeries = series.Count <= seriesTagLimit;
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
                    foreach (SeriesState each in series)
                    {
                        HorizonMetrics metrics = each.Scorer.Board.Metrics(model, h);
                        var seriesTag = new KeyValuePair<string, object?>(TelemetryTags.Series, each.Name);
                        Add(rmse, metrics.RmsePrice, seriesTag, modelTag, horizonTag);
                        Add(mae, metrics.MaePrice, seriesTag, modelTag, horizonTag);
                        Add(mase, metrics.Mase, seriesTag, modelTag, horizonTag);
                    }
                }
                else
                {
                    HorizonMetrics[] all = [.. series.Select(each => each.Scorer.Board.Metrics(model, h))];
                    Add(rmse, Mean(all.Select(m => m.RmsePrice)), modelTag, horizonTag);
                    Add(mae, Mean(all.Select(m => m.MaePrice)), modelTag, horizonTag);
                    Add(mase, Mean(all.Select(m => m.Mase)), modelTag, horizonTag);
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
                for (int model = 0; model < close.Predicted.Length; model++)
                {
                    Add(predicted, close.Predicted[model], seriesTag, new KeyValuePair<string, object?>(TelemetryTags.Model, ModelNames.All[model]));
                }
            }
        }

        Measurement<long>[] lag = [.. consumerLag.Select(pair => new Measurement<long>(pair.Value, new KeyValuePair<string, object?>(TelemetryTags.Partition, pair.Key)))];
        return new GaugeSnapshot(newestEventTime, lag, series.Count, [.. rmse], [.. mae], [.. mase], [.. actual], [.. predicted]);
    }

    // A metric with no value yet (no scored forecast, or naive's MAE still 0) is left out, not sent as NaN.
    private static void Add(List<Measurement<double>> into, double value, params ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (double.IsFinite(value))
        {
            into.Add(new Measurement<double>(value, tags));
        }
    }

    private static double Mean(IEnumerable<double> values)
    {
        double sum = 0;
        int n = 0;
        foreach (double value in values.Where(double.IsFinite))
        {
            sum += value;
            n++;
        }

        return n > 0 ? sum / n : double.NaN;
    }
}
