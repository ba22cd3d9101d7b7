namespace StreamForecast.Predictor.Service.Telemetry;

/// <summary>Tag keys, in the order instruments use them. All bounded: series only below a configured limit.</summary>
internal static class TelemetryTags
{
    public const string Reason = "reason";
    public const string Partition = "partition";
    public const string Series = "series";
    public const string Model = "model";
    public const string Horizon = "horizon";
    public const string Phase = "phase";
    public const string Level = "level";
    public const string Outcome = "outcome";
    public const string Route = "route";
    public const string Role = "role";
}
