using Microsoft.Extensions.Logging;

namespace StreamForecast.ServiceDefaults;

/// <summary>This project's log messages (source-generated).</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "health endpoint on {Urls}")]
    public static partial void HealthListening(ILogger logger, string urls);
}
