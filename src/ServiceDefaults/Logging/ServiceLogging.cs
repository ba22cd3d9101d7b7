using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using StreamForecast.ServiceDefaults.Telemetry;

namespace StreamForecast.ServiceDefaults.Logging;

/// <summary>
/// One-line console logs on stderr carrying the current trace and span ids, plus OTLP log export when
/// OpenTelemetry export is on. Levels come from the <c>Logging</c> section (<c>Logging__LogLevel__Default</c>,
/// default Information).
/// </summary>
internal static class ServiceLogging
{
    public static ILoggerFactory Create(string serviceName, IConfiguration configuration) =>
        LoggerFactory.Create(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Information);
            logging.AddConfiguration(configuration.GetSection("Logging"));
            logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
            logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.IncludeScopes = true;
                console.UseUtcTimestamp = true;
                console.TimestampFormat = "HH:mm:ss.fff ";
            });
            logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
            if (OpenTelemetryExport.Enabled(Environment.GetEnvironmentVariable))
            {
                logging.AddOpenTelemetry(options => OpenTelemetryExport.AddLogExport(options, serviceName));
            }
        });
}
