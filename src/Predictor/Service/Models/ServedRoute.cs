using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Rollout;

namespace StreamForecast.Predictor.Service.Models;

/// <summary>
/// One route as the service serves it: its series, its models (<see cref="RouteModels"/>) and the model records
/// they came from (none for a route of the command line's models until a record replaces them).
/// </summary>
internal sealed class ServedRoute(string name, SeriesAllowList series, RouteModels models)
{
    /// <summary>The route every series no other route names goes to.</summary>
    public const string Default = "default";

    public string Name { get; } = name;

    public SeriesAllowList Series { get; set; } = series;

    public RouteModels Models { get; set; } = models;

    /// <summary>The SHA-256 prefix of the champion's checkpoint when a record published it; null for a command line's model.</summary>
    public string? ChampionDigest { get; set; }

    /// <summary>The challenger's record, or null.</summary>
    public ModelRecord? Challenger { get; set; }

    /// <summary>The challenger's processors, owned by the route's router.</summary>
    public ChallengerProcessors? ChallengerProcessors { get; set; }

    public ForecastModel Champion => Models.Champion.Model;

    /// <summary>The route's promotions, over every challenger it had.</summary>
    public PromotionCounts Promotions => Models.Counts;

    public bool Names(string series) => Name != Default && Series.Allows(series);
}
