using System.ComponentModel.DataAnnotations;
using StreamForecast.Contracts;

namespace StreamForecast.Ingest.Replay;

/// <summary>
/// The <c>replay</c> settings (section <c>Ingest</c>): environment <c>Ingest__Speed=600x</c>, or the flag
/// <c>--speed 600x</c>, which wins. Validated at start. Kafka client settings pass straight through from
/// the <c>Kafka</c> section.
/// </summary>
internal sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>Bar files, comma-separated, one series each.</summary>
    [Required(ErrorMessage = "Ingest:Data (--data) is required: the bar files")]
    public string Data { get; set; } = "";

    /// <summary>The series of each file, comma-separated, in the same order; with one file that has a series column, the series to replay (empty: all).</summary>
    public string Series { get; set; } = "";

    /// <summary>First day (yyyy-MM-dd, UTC); empty for the file's start.</summary>
    [RegularExpression(@"^(\d{4}-\d{2}-\d{2})?$", ErrorMessage = "Ingest:From must be yyyy-MM-dd")]
    public string From { get; set; } = "";

    /// <summary>time=NAME,close=NAME,…: columns whose header names are not recognised.</summary>
    public string Columns { get; set; } = "";

    /// <summary>The zone of date-times without an offset (default UTC).</summary>
    public string TimeZone { get; set; } = "";

    /// <summary>Last day, inclusive; empty for the file's end.</summary>
    [RegularExpression(@"^(\d{4}-\d{2}-\d{2})?$", ErrorMessage = "Ingest:To must be yyyy-MM-dd")]
    public string To { get; set; } = "";

    /// <summary>max, realtime, or a multiplier like 60x.</summary>
    [RegularExpression(@"^(max|realtime|\d+(\.\d+)?x)$", ErrorMessage = "Ingest:Speed must be max, realtime or a multiplier like 60x")]
    public string Speed { get; set; } = "max";

    /// <summary>The bars topic.</summary>
    [Required]
    public string Topic { get; set; } = TopicNames.Bars;

    /// <summary>stop (default) or skip invalid rows.</summary>
    [RegularExpression("^(stop|skip)$", ErrorMessage = "Ingest:BadRows must be stop or skip")]
    public string BadRows { get; set; } = "stop";

    /// <summary>With BadRows skip: send rejected rows to the dead-letter topic with the reason.</summary>
    public bool DeadLetters { get; set; }

    /// <summary>Where rejected rows go.</summary>
    [Required]
    public string DeadLetterTopic { get; set; } = TopicNames.DeadLetters;
}
