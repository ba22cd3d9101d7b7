using Confluent.Kafka;
using StreamForecast.Forecasting.Forecasts;

namespace StreamForecast.Predictor.Service;

/// <summary>
/// What the service runs with: the Kafka client settings as given, and its <see cref="PredictorOptions"/> bound
/// once, with what follows from them worked out here once (the forecast settings, the parsed lists). Every
/// default is the options type's own.
/// </summary>
internal sealed class ServeSettings
{
    public ServeSettings(ClientConfig client, PredictorOptions options)
    {
        Client = client;
        Options = options;
        Forecast = options.Forecast();
        ScoreModels = ModelNames.Parse(options.ScoreModels);
        Series = SeriesAllowList.Parse(options.Series);
    }

    /// <summary>Kafka client settings, passed straight through.</summary>
    public ClientConfig Client { get; }

    public PredictorOptions Options { get; }

    /// <summary>Horizon, gap rule, baselines, intervals, chunk size, metrics cadence.</summary>
    public ForecastSettings Forecast { get; }

    /// <summary>The models whose errors a Score carries (indexes in report order); running metrics cover every model.</summary>
    public IReadOnlyList<int> ScoreModels { get; }

    /// <summary>Which series are served (all when empty).</summary>
    public SeriesAllowList Series { get; }

    /// <summary>Outputs, state records and input offsets in one transaction per checkpoint (a real broker enforces it).</summary>
    public bool ExactlyOnce => Options.Guarantee == "exactly-once";

    /// <summary>Client settings for the bars consumer alone, over <see cref="Client"/> (the benchmark's prompt fetches from the mock broker).</summary>
    public IReadOnlyDictionary<string, string> ConsumerOverrides { get; init; } = new Dictionary<string, string>();
}
