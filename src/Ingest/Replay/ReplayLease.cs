using System.Text.Json;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using StreamForecast.Messaging;

namespace StreamForecast.Ingest.Replay;

/// <summary>
/// One replay at a time per series and bars topic. A replay claims its series on a one-partition topic beside the
/// bars topic (<c>bars.1m.replays</c>), then reads the recent claims: when a live claim of another replay overlaps
/// its series and is older (by claim time, then id), it withdraws and is refused with a sentence naming the other.
/// Two replays that start together both see both claims and agree on the winner. A running replay renews its claim
/// every <see cref="Renewal"/>; the claim lapses <see cref="Expiry"/> after the last renewal (a killed replay) and is
/// released when the replay ends.
/// </summary>
internal sealed class ReplayLease : IAsyncDisposable
{
    public static readonly TimeSpan Renewal = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(10);

    /// <summary>Claims read back: a live replay writes 5 in an expiry period, so this sees hundreds of concurrent ones.</summary>
    private const int RecentClaims = 10_000;

    private readonly IProducer<string, byte[]> _producer;
    private readonly string _topic;
    private readonly Claim _claim;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;

    private ReplayLease(IProducer<string, byte[]> producer, string topic, Claim claim, TimeProvider time)
    {
        (_producer, _topic, _claim, _time) = (producer, topic, claim, time);
        _renewing = RenewAsync();
    }

    /// <summary>The lease topic of a bars topic.</summary>
    public static string TopicFor(string barsTopic) => $"{barsTopic}.replays";

    /// <exception cref="InvalidOperationException">Another replay of one of these series into this topic runs, named.</exception>
    public static async Task<ReplayLease> AcquireAsync(ClientConfig client, string barsTopic, IReadOnlyList<string> series, TimeProvider time, TimeSpan timeout)
    {
        string topic = TopicFor(barsTopic);
        await EnsureTopicAsync(client, topic, timeout).ConfigureAwait(false);
        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var claim = new Claim(Guid.NewGuid().ToString("N"), $"{Environment.MachineName} pid {Environment.ProcessId}", now, now, [.. series], Released: false);
        IProducer<string, byte[]> producer = new ProducerBuilder<string, byte[]>(client.ToProducerConfig()).Build();
        try
        {
            await SendAsync(producer, topic, claim).ConfigureAwait(false);
            if (Older(Read(client, topic, timeout), claim, time) is { } other)
            {
                await SendAsync(producer, topic, claim with { Released = true }).ConfigureAwait(false);
                long seen = (now - other.Beat) / 1000;
                throw new InvalidOperationException(
                    $"another replay is writing {string.Join(", ", other.Series.Intersect(series, StringComparer.Ordinal))} into {barsTopic} ({other.Owner}, since " +
                    $"{DateTimeOffset.FromUnixTimeMilliseconds(other.Since):yyyy-MM-dd HH:mm:ss} UTC, last seen {seen} s ago): wait for it to end or stop it " +
                    $"(a stopped replay's claim lapses {Expiry.TotalSeconds:F0} s after its last renewal)");
            }

            return new ReplayLease(producer, topic, claim, time);
        }
        catch
        {
            producer.Dispose();
            throw;
        }
    }

    /// <summary>Stops renewing and releases the claim.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewing.ConfigureAwait(false);
        try
        {
            await SendAsync(_producer, _topic, _claim with { Released = true }).ConfigureAwait(false);
        }
        catch (KafkaException)
        {
            // Not released: the claim lapses by itself.
        }

        _producer.Dispose();
        _stop.Dispose();
    }

    /// <summary>The oldest live claim of another replay that shares a series with <paramref name="mine"/>, or null.</summary>
    private static Claim? Older(IEnumerable<Claim> claims, Claim mine, TimeProvider time)
    {
        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return claims
            .GroupBy(claim => claim.Id).Select(group => group.Last())
            .Where(claim => claim.Id != mine.Id && !claim.Released && now - claim.Beat < Expiry.TotalMilliseconds && claim.Series.Intersect(mine.Series, StringComparer.Ordinal).Any())
            .Where(claim => claim.Since < mine.Since || (claim.Since == mine.Since && string.CompareOrdinal(claim.Id, mine.Id) < 0))
            .MinBy(claim => claim.Since);
    }

    /// <summary>The most recent claims, in the order written: enough to see every live one (each renews every 2 s).</summary>
    private static List<Claim> Read(ClientConfig client, string topic, TimeSpan timeout)
    {
        ConsumerConfig config = client.ToConsumerConfig();
        config.GroupId = $"stream-replay-lease-{Guid.NewGuid():N}";
        config.EnableAutoCommit = false;
        using IConsumer<string, byte[]> consumer = new ConsumerBuilder<string, byte[]>(config).Build();
        var partition = new TopicPartition(topic, 0);
        WatermarkOffsets marks = consumer.QueryWatermarkOffsets(partition, timeout);
        long end = marks.High.Value;
        long start = Math.Max(marks.Low.Value, end - RecentClaims);
        var claims = new List<Claim>();
        if (start >= end)
        {
            return claims;
        }

        consumer.Assign(new TopicPartitionOffset(partition, start));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < timeout)
        {
            ConsumeResult<string, byte[]>? record = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (record is null)
            {
                continue;
            }

            if (JsonSerializer.Deserialize(record.Message.Value, LeaseJson.Default.Claim) is { } claim)
            {
                claims.Add(claim);
            }

            if (record.Offset.Value >= end - 1)
            {
                return claims;
            }
        }

        throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"reading the replay claims on {topic} took over {timeout.TotalSeconds} s"));
    }

    private static async Task EnsureTopicAsync(ClientConfig client, string topic, TimeSpan timeout)
    {
        using IAdminClient admin = new AdminClientBuilder(client.ToAdminConfig()).Build();
        if (admin.GetMetadata(topic, timeout).Topics.Any(t => t.Topic == topic && t.Error.Code == ErrorCode.NoError && t.Partitions.Count > 0))
        {
            return;
        }

        try
        {
            await admin.CreateTopicsAsync(
                [new TopicSpecification { Name = topic, NumPartitions = 1, ReplicationFactor = -1, Configs = new() { ["retention.ms"] = "3600000" } }],
                new CreateTopicsOptions { RequestTimeout = timeout }).ConfigureAwait(false);
        }
        catch (CreateTopicsException ex) when (ex.Results.All(r => r.Error.Code == ErrorCode.TopicAlreadyExists))
        {
            // Made by an earlier replay.
        }
        catch (KafkaException ex)
        {
            throw new InvalidOperationException($"the replay claims topic {topic} does not exist and could not be created ({ex.Error.Reason}); create it with 1 partition", ex);
        }
    }

    private static Task<DeliveryResult<string, byte[]>> SendAsync(IProducer<string, byte[]> producer, string topic, Claim claim) =>
        producer.ProduceAsync(new TopicPartition(topic, 0), new Message<string, byte[]> { Key = claim.Id, Value = JsonSerializer.SerializeToUtf8Bytes(claim, LeaseJson.Default.Claim) });

    private async Task RenewAsync()
    {
        using var timer = new PeriodicTimer(Renewal, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                await SendAsync(_producer, _topic, _claim with { Beat = _time.GetUtcNow().ToUnixTimeMilliseconds() }).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Released by DisposeAsync.
        }
        catch (KafkaException)
        {
            // The claim lapses; the replay itself stops on its own delivery failures.
        }
    }

    /// <summary>One replay's claim: who, since when (ms), renewed when, on which series; released at its end.</summary>
    internal sealed record Claim(string Id, string Owner, long Since, long Beat, string[] Series, bool Released);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(ReplayLease.Claim))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class LeaseJson : System.Text.Json.Serialization.JsonSerializerContext;
