using Confluent.Kafka;
using StreamForecast.MarketData;

namespace StreamForecast.Ingest.Replay;

/// <summary>What a replay does.</summary>
/// <param name="Inputs">Files and their series, merged by time.</param>
/// <param name="Range">Bars outside it are not sent.</param>
/// <param name="Speed">Pacing.</param>
/// <param name="Client">Kafka client settings, passed straight through (bootstrap, security, …).</param>
/// <param name="Topic">The bars topic.</param>
/// <param name="DeadLetterTopic">Where rejected rows go when <paramref name="DeadLetters"/> is set.</param>
/// <param name="BadRows">Stop at the first invalid row, or skip and count it.</param>
/// <param name="DeadLetters">Send skipped rows to the dead-letter topic with their reason.</param>
internal sealed record ReplaySettings(
    IReadOnlyList<ReplayInput> Inputs, DateRange Range, ReplaySpeed Speed, ClientConfig Client,
    string Topic, string DeadLetterTopic, BadRowPolicy BadRows, bool DeadLetters);
