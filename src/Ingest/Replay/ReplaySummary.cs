namespace StreamForecast.Ingest.Replay;

/// <summary>What a replay did.</summary>
/// <param name="Sent">Bars delivered to the topic.</param>
/// <param name="AlreadyOnTopic">Bars skipped because the topic already had them (resume).</param>
/// <param name="Invalid">Rows rejected by validation (counted whatever the policy).</param>
/// <param name="DeadLetters">Rejected rows sent to the dead-letter topic.</param>
/// <param name="Failed">Deliveries that failed.</param>
/// <param name="FirstError">The first delivery error, if any.</param>
/// <param name="Cancelled">Stopped early (Ctrl-C): a re-run continues where this one ended.</param>
/// <param name="Elapsed">Wall time.</param>
internal sealed record ReplaySummary(long Sent, long AlreadyOnTopic, long Invalid, long DeadLetters, long Failed, string? FirstError, bool Cancelled, TimeSpan Elapsed)
{
    /// <summary>Records on the topic the resume scan did not trust (foreign, invalid or future bars), by reason; null when none.</summary>
    public string? IgnoredOnTopic { get; init; }

    public override string ToString() =>
        $"replay: {Sent} bars sent, {AlreadyOnTopic} already on the topic, {Invalid} invalid rows ({DeadLetters} to dead letters), {Failed} failed"
        + (IgnoredOnTopic is null ? "" : $"; resume ignored {IgnoredOnTopic}")
        + (Cancelled ? ", cancelled (re-run to resume)" : "")
        + (FirstError is null ? "" : $"; first error: {FirstError}")
        + $", {Elapsed.TotalSeconds:F1} s";
}
