using StreamForecast.Predictor.Forecasting;

namespace StreamForecast.Predictor.Service;

/// <summary>The models a service forecasts with: a default for every series, and others for named series.</summary>
/// <param name="Default">The default model.</param>
/// <param name="Overrides">Series → model.</param>
internal sealed record ServedModels(ForecastModel Default, IReadOnlyDictionary<string, ForecastModel> Overrides)
{
    public static ServedModels Single(ForecastModel model) => new(model, new Dictionary<string, ForecastModel>());

    /// <summary>Loads <see cref="PredictorOptions.Model"/> and <see cref="PredictorOptions.ModelFor"/>; each must forecast K steps.</summary>
    public static ServedModels Load(PredictorOptions options)
    {
        var loaded = new Dictionary<string, ForecastModel>(StringComparer.Ordinal);
        ForecastModel Get(string file)
        {
            string path = Path.GetFullPath(file);
            if (!loaded.TryGetValue(path, out ForecastModel? model))
            {
                model = ForecastModel.Load(path);
                model.RequireHorizon(options.Horizon);
                loaded[path] = model;
            }

            return model;
        }

        ForecastModel defaultModel = Get(options.Model);
        return new ServedModels(defaultModel, options.ModelFor.ToDictionary(pair => pair.Key, pair => Get(pair.Value), StringComparer.Ordinal));
    }
}
