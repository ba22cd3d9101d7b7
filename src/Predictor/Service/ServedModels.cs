using StreamForecast.Forecasting.Forecasts;

namespace StreamForecast.Predictor.Service;

/// <summary>
/// The models a service forecasts with: a default for every series, and others for named series. Without
/// <c>--model</c> the default is the shipped global model (fit for any series) and the two bundled series keep
/// their own per-series models.
/// </summary>
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

        var overrides = options.ModelFor.ToDictionary(pair => pair.Key, pair => Get(pair.Value), StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(options.Model))
        {
            return new ServedModels(Get(options.Model), overrides);
        }

        string shipped = Shipped();
        overrides.TryAdd("EUR/USD", Get(Path.Combine(shipped, "eurusd-lstm-2x100.safetensors")));
        overrides.TryAdd("BTC-USD", Get(Path.Combine(shipped, "btcusd-lstm-2x100.safetensors")));
        return new ServedModels(Get(Path.Combine(shipped, GlobalFile)), overrides);
    }

    /// <summary>The shipped global model: trained on both bundled series, fit for any series.</summary>
    public const string GlobalFile = "global-lstm-2x100.safetensors";

    /// <summary>The shipped models' folder: next to the binaries (the container's /app/models) or in the checkout.</summary>
    public static string Shipped()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "models");
            if (File.Exists(Path.Combine(candidate, GlobalFile)))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"no --model given and the shipped models (models/{GlobalFile}) are not found above the binaries; pass --model FILE");
    }
}
