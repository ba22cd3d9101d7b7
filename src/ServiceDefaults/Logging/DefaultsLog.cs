using Microsoft.Extensions.Logging;

namespace StreamForecast.ServiceDefaults.Logging;

/// <summary>This project's log messages (source-generated; not called Log, so that the services' own Log classes stay unambiguous).</summary>
internal static partial class DefaultsLog
{
    [LoggerMessage(1, LogLevel.Information, "health endpoint on {Urls}")]
    public static partial void HealthListening(ILogger logger, string urls);
}
