using Microsoft.Extensions.Logging;

namespace StreamForecast.Predictor.Service.Models;

/// <summary>What the models topic changed, and what it refused.</summary>
internal static partial class ModelsLog
{
    [LoggerMessage(40, LogLevel.Information, "route {Route}: {Change}")]
    public static partial void Changed(ILogger logger, string route, string change);

    [LoggerMessage(41, LogLevel.Error, "models record {Source} refused: {Reason} (dead-lettered to {Topic}; every route keeps serving its models)")]
    public static partial void Refused(ILogger logger, string source, string reason, string topic);

    [LoggerMessage(42, LogLevel.Warning, "route {Route}: {Count} series were already past the challenger's start {StartAt} when its record arrived; their shadow starts at their next bar (a replay of the same bars would start it at {StartAt})")]
    public static partial void LateChallenger(ILogger logger, string route, int count, string startAt);

    [LoggerMessage(43, LogLevel.Warning, "route {Route}: {Change}")]
    public static partial void Dropped(ILogger logger, string route, string change);

    [LoggerMessage(44, LogLevel.Warning, "{Problem}")]
    public static partial void NoTopic(ILogger logger, string problem);
}
