using Microsoft.Extensions.Logging;
using StreamForecast.Forecasting.Forecasts;

namespace StreamForecast.Predictor.Service.Telemetry;

/// <summary>
/// Says which model serves what: once at start (info) which model takes the series no route names, once per new
/// series on it (debug), and once per series (warning and counter) when its closes lie far outside the prices its
/// per-series model was trained on. Only warned series are remembered.
/// </summary>
internal sealed class ModelFitLog(ILogger log, PredictorTelemetry telemetry)
{
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);

    public void Started(ForecastModel fallback) =>
        Log.DefaultModel(log, fallback.Id, fallback.IsGlobal
            ? $"a global model (trained on {fallback.Checkpoint.Metadata.GetValueOrDefault("series", "several series")}, each series scaled by its own adaptive scale), fit for any series"
            : $"a per-series model trained on {fallback.Checkpoint.Metadata.GetValueOrDefault("series", "one series")}: its forecasts of other series mean little unless their prices move like it; serve them with a global model");

    /// <summary>A series admitted for the first time.</summary>
    public void NewSeries(string series, ForecastModel model, bool routed)
    {
        if (!routed)
        {
            Log.NewSeriesOnDefault(log, series, model.Id);
        }
    }

    /// <summary>Every accepted bar: warns the first time a series' close is far outside its per-series model's training prices.</summary>
    public void Close(string series, double close, ForecastModel model)
    {
        if (model.TrainingPrices is not (var low, var high) || !model.FarOutsideTraining(close) || !_warned.Add(series))
        {
            return;
        }

        Log.OutsideTrainingRange(log, series, close, low, high, model.Id);
        telemetry.SeriesOutsideTrainingRange.Add(1);
    }
}
