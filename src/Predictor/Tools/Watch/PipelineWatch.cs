using Confluent.Kafka;
using Confluent.Kafka.Admin;
using StreamForecast.Contracts;
using StreamForecast.Messaging;

namespace StreamForecast.Predictor.Tools.Watch;

/// <summary>
/// An independent reader of the bars, predictions and scores topics, from their beginning, with every partition
/// assigned directly (no group join delay) and no parsing on the way: it must keep ahead of the mock
/// broker's 5 MiB-per-partition retention, which drops what a slow reader has not read yet (counted in
/// <see cref="Dropped"/>). A recorder sees every prediction and score; running metrics come from the compacted
/// metrics topic, from its beginning, so a watcher started after a run still shows them.
/// </summary>
internal sealed class PipelineWatch : IDisposable
{
    private readonly IConsumer<string, byte[]> _consumer;
    private readonly IAdminClient _admin;
    private readonly TimeProvider _time;
    private readonly Action<string, Message<string, byte[]>>? _record;
    private readonly Dictionary<TopicPartition, long> _next = [];
    private readonly Dictionary<string, long> _dropped = new(StringComparer.Ordinal);
    private Task<List<ListConsumerGroupOffsetsResult>>? _committed;

    /// <param name="client">Kafka client settings.</param>
    /// <param name="time">The clock.</param>
    /// <param name="timeout">For the metadata request.</param>
    /// <param name="record">Sees every prediction and score record (topic, message), in the order read.</param>
    public PipelineWatch(ClientConfig client, TimeProvider time, TimeSpan timeout, Action<string, Message<string, byte[]>>? record = null)
    {
        _time = time;
        _record = record;
        _admin = new AdminClientBuilder(client.ToAdminConfig()).SetLogHandler((_, _) => { }).Build();
        Metadata metadata = _admin.GetMetadata(timeout);
        Partitions = [.. metadata.Topics
            .Where(t => t.Topic is TopicNames.Bars or TopicNames.Predictions or TopicNames.Scores or TopicNames.Metrics or TopicNames.ChallengerPredictions)
            .SelectMany(t => t.Partitions.Select(p => new TopicPartitionOffset(t.Topic, p.PartitionId, Offset.Beginning)))];

        ConsumerConfig config = client.ToConsumerConfig();
        config.GroupId = $"stream-watch-{Guid.NewGuid():N}";
        config.EnableAutoCommit = false;
        // Keep ahead of the mock's retention: large fetches, answered at once (the mock otherwise holds an empty fetch 500 ms).
        config.FetchWaitMaxMs ??= 10;
        config.MaxPartitionFetchBytes ??= 8 << 20;
        config.FetchMaxBytes ??= 64 << 20;
        // Its completeness is checked against the watermarks; the scores reader jumping to the end is expected.
        _consumer = new ConsumerBuilder<string, byte[]>(config).SetLogHandler((_, _) => { }).Build();
        _consumer.Assign(Partitions);
    }

    public IReadOnlyList<TopicPartitionOffset> Partitions { get; }

    public SortedDictionary<string, SeriesView> Series { get; } = new(StringComparer.Ordinal);

    /// <summary>Predictions served (a challenger's in shadow, rows <c>SERIES#challenger</c>, not counted).</summary>
    public long TotalPredictions => Series.Values.Where(s => !s.Series.EndsWith(ChallengerRecords.KeySuffix, StringComparison.Ordinal)).Sum(s => s.Predictions);

    /// <summary>The service's consumer group, whose lag on the bars topic <see cref="Refresh"/> reads.</summary>
    public string Group { get; init; } = "stream-predictor";

    /// <summary>Bars not yet consumed by <see cref="Group"/> (high watermarks minus its committed offsets); null before it committed any.</summary>
    public long? ConsumerLag { get; private set; }

    /// <summary>Records of each topic the broker deleted (retention) before this watcher read them.</summary>
    public IReadOnlyDictionary<string, long> Dropped => _dropped;

    /// <summary>
    /// Asks the broker for the service's committed offsets in the background (never holding up reading: the
    /// mock's retention drops what a slow reader misses); the lag is taken when the answer is in.
    /// </summary>
    public void Refresh()
    {
        if (_committed is { IsCompleted: true } done)
        {
            ConsumerLag = done.IsCompletedSuccessfully ? Lag(done.Result) : null;
            _committed = null;
        }

        if (_committed is null)
        {
            List<TopicPartition> bars = [.. Partitions.Where(p => p.Topic == TopicNames.Bars).Select(p => p.TopicPartition)];
            _committed = _admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(Group, bars)], new ListConsumerGroupOffsetsOptions { RequestTimeout = TimeSpan.FromSeconds(5) });
        }
    }

    /// <summary>Waits (up to <paramref name="timeout"/>) for the committed offsets asked for last, and takes the lag.</summary>
    public void RefreshNow(TimeSpan timeout)
    {
        Refresh();
        _committed?.Wait(timeout);
        Refresh();
    }

    /// <summary>Records ever written to a topic (high watermarks: retention never lowers them).</summary>
    public long Written(string topic, TimeSpan timeout) =>
        Partitions.Where(p => p.Topic == topic).Sum(p => _consumer.QueryWatermarkOffsets(p.TopicPartition, timeout).High.Value);

    /// <summary>Reads what arrives within <paramref name="time"/>.</summary>
    public void Poll(TimeSpan time)
    {
        long started = _time.GetTimestamp();
        while (_time.GetElapsedTime(started) < time)
        {
            ConsumeResult<string, byte[]>? record = _consumer.Consume(TimeSpan.FromMilliseconds(50));
            if (record is null || record.IsPartitionEOF)
            {
                continue;
            }

            if (record.Topic is TopicNames.Predictions or TopicNames.Scores or TopicNames.Metrics or TopicNames.ChallengerPredictions)
            {
                _record?.Invoke(record.Topic, record.Message);
            }

            CountDropped(record);

            // A challenger's predictions in shadow are keyed by the series: its row is SERIES#challenger, as its scores' and metrics' keys.
            bool shadow = record.Topic == TopicNames.ChallengerPredictions;
            SeriesView view = View(shadow ? record.Message.Key + ChallengerRecords.KeySuffix : record.Message.Key ?? "?");
            switch (record.Topic)
            {
                case TopicNames.Bars:
                    view.Bars++;
                    break;
                case TopicNames.Predictions:
                case TopicNames.ChallengerPredictions:
                    view.Predictions++;
                    view.LastPredictionBytes = record.Message.Value;
                    if (record.Message.Headers.TryGetLastBytes(Schemas.ConsumedAtHeader, out byte[] consumed))
                    {
                        view.AddLatency(record.Message.Timestamp.UnixTimestampMs - BitConverter.ToInt64(consumed));
                    }

                    break;
                case TopicNames.Scores:
                    view.Scores++;
                    break;
                case TopicNames.Metrics:
                    view.LastMetricsBytes = record.Message.Value;
                    break;
            }
        }
    }

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
        _admin.Dispose();
    }

    /// <summary>Bars not consumed by the group: the bars topic's high watermarks (cached from this watcher's own fetches) minus its offsets.</summary>
    private long? Lag(List<ListConsumerGroupOffsetsResult> listed)
    {
        long lag = 0;
        bool any = false;
        foreach (TopicPartitionOffsetError committed in listed.SelectMany(group => group.Partitions))
        {
            long high = Math.Max(0, _consumer.GetWatermarkOffsets(committed.TopicPartition).High.Value);
            any |= committed.Offset.Value >= 0;
            lag += committed.Offset.Value >= 0 ? Math.Max(0, high - committed.Offset.Value) : high;
        }

        return any ? lag : null;
    }

    /// <summary>
    /// A jump in a partition's offsets read from its beginning is records deleted unread when the broker's log now
    /// starts past them (a jump of one is a transaction marker; the compacted metrics topic is not counted).
    /// </summary>
    private void CountDropped(ConsumeResult<string, byte[]> record)
    {
        if (record.Topic == TopicNames.Metrics)
        {
            return;
        }

        long expected = _next.GetValueOrDefault(record.TopicPartition, 0), offset = record.Offset.Value;
        _next[record.TopicPartition] = offset + 1;
        if (offset - expected > 1)
        {
            // The log's start as this watcher's fetches last reported it; unknown, the whole jump is counted.
            long low = _consumer.GetWatermarkOffsets(record.TopicPartition).Low.Value;
            long lost = (low >= 0 ? Math.Min(low, offset) : offset) - expected;
            if (lost > 0)
            {
                _dropped[record.Topic] = _dropped.GetValueOrDefault(record.Topic) + lost;
            }
        }
    }

    private SeriesView View(string series)
    {
        if (!Series.TryGetValue(series, out SeriesView? view))
        {
            view = new SeriesView(series);
            Series.Add(series, view);
        }

        return view;
    }
}
