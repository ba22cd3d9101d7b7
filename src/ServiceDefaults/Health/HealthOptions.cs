using System.ComponentModel.DataAnnotations;

namespace StreamForecast.ServiceDefaults.Health;

/// <summary>The health endpoint (<c>Health__Urls</c>): <c>/healthz/live</c> and <c>/healthz/ready</c>.</summary>
internal sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>Where to listen, e.g. <c>http://0.0.0.0:8080</c>; empty turns the endpoint off.</summary>
    [RegularExpression(@"^(https?://[^;\s]+)?(;https?://[^;\s]+)*$", ErrorMessage = "Health:Urls must be empty or URLs like http://0.0.0.0:8080 separated by ';'")]
    public string Urls { get; set; } = "";

    /// <summary>Live while the work loop has made progress within this time.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan Stall { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Not ready once no Kafka broker has answered for this long (the predictor).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan BrokerTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Not ready while the oldest output not yet delivered is older than this (the predictor).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan UndeliveredAge { get; set; } = TimeSpan.FromMinutes(1);
}

