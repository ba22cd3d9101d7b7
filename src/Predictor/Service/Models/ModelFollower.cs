using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamForecast.Contracts;
using StreamForecast.Messaging;
using StreamForecast.Predictor.Service.Telemetry;

namespace StreamForecast.Predictor.Service.Models;

/// <summary>
/// Follows the models topic: reads it to its end before the first bar (so every member, and every restart, applies the
/// same records before the bars they precede), then applies whatever arrives between batches. A record that is not a
/// valid model for its route is logged, counted and dead-lettered to the models DLQ with the reason; every route keeps
/// serving. Its own consumer, directly assigned, nothing committed.
/// </summary>
internal sealed class ModelFollower : IDisposable
{
    private readonly PredictorOptions _options;
    private readonly ModelUpdates _updates;
    private readonly IProducer<string, byte[]> _producer;
    private readonly PredictorTelemetry _telemetry;
    private readonly ILogger _log;
    private readonly IConsumer<string, byte[]> _consumer;
    private bool _warned;

    public ModelFollower(ServeSettings settings, ModelUpdates updates, IProducer<string, byte[]> producer, PredictorTelemetry telemetry, ILogger log)
    {
        _options = settings.Options;
        (_updates, _producer, _telemetry, _log) = (updates, producer, telemetry, log);
        ConsumerConfig config = settings.Client.ToConsumerConfig();
        config.GroupId = $"stream-models-{Guid.NewGuid():N}";
        config.EnableAutoCommit = false;
        // A model is about half a megabyte: fetch whole records.
        config.MaxPartitionFetchBytes ??= 64 << 20;
        _consumer = new ConsumerBuilder<string, byte[]>(config).SetLogHandler((_, _) => { }).Build();
        _consumer.Assign(new TopicPartitionOffset(_options.ModelsTopic, 0, Offset.Beginning));
    }

    /// <summary>Records applied or refused so far.</summary>
    public long Read { get; private set; }

    /// <summary>Applies every record up to the topic's end as it is now (none when there is no such topic).</summary>
    /// <exception cref="KafkaException">No broker answered within <paramref name="timeout"/>.</exception>
    public void CatchUp(TimeSpan timeout, CancellationToken cancellation)
    {
        long end;
        try
        {
            end = _consumer.QueryWatermarkOffsets(new TopicPartition(_options.ModelsTopic, 0), timeout).High.Value;
        }
        catch (KafkaException ex) when (ex.Error.Code is ErrorCode.UnknownTopicOrPart or ErrorCode.Local_UnknownTopic or ErrorCode.Local_UnknownPartition)
        {
            return;
        }

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!cancellation.IsCancellationRequested && Position() < end)
        {
            if (_consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } record)
            {
                Apply(record);
                waited.Restart();
            }
            else if (waited.Elapsed > timeout)
            {
                throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"reading {_options.ModelsTopic} to its end ({end}) took over {timeout.TotalSeconds} s"));
            }
        }
    }

    /// <summary>Applies the records that have arrived, without waiting. A topic that is not there (yet) is said once; serving goes on.</summary>
    public void Poll()
    {
        try
        {
            while (_consumer.Consume(TimeSpan.Zero) is { } record)
            {
                Apply(record);
            }
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal)
        {
            if (!_warned)
            {
                _warned = true;
                ModelsLog.NoTopic(_log, $"reading {_options.ModelsTopic}: {ex.Error.Reason} (the routes keep their models; records are applied once it can be read)");
            }
        }
    }

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }

    private long Position()
    {
        Offset position = _consumer.Position(new TopicPartition(_options.ModelsTopic, 0));
        return position == Offset.Unset ? 0 : position.Value;
    }

    private void Apply(ConsumeResult<string, byte[]> record)
    {
        Read++;
        string source = FormattableString.Invariant($"{record.Topic}/{record.Partition.Value}/{record.Offset.Value}");
        try
        {
            if (record.Message.Value is not { Length: > 0 } value)
            {
                Tombstone(record.Message.Key);
            }
            else
            {
                _updates.Apply(ModelRecord.Decode(record.Message.Key, value));
            }

            _telemetry.ModelRecords.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Outcome, "applied"));
        }
        catch (InvalidDataException ex)
        {
            ModelsLog.Refused(_log, $"{source} ({record.Message.Key})", ex.Message, _options.ModelsDeadLetterTopic);
            _telemetry.ModelRecords.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Outcome, "rejected"));
            Message<string, byte[]> letter = DeadLetterMessage.Build(
                record.Message.Key, record.Message.Value, record.Message.Headers, source, new Rejection(Rejection.BadModel, ex.Message), _options.DeadLetterMaxBytes);
            _producer.Produce(_options.ModelsDeadLetterTopic, letter);
        }
    }

    /// <summary>An empty record: a challenger's retires it; a champion's is refused (a route always serves a model).</summary>
    private void Tombstone(string? key)
    {
        switch (ModelRecord.ParseKey(key))
        {
            case (var route, ModelHeader.Challenger):
                _updates.Retire(route);
                break;
            case (_, ModelHeader.Champion):
                throw new InvalidDataException("an empty champion record: a route always serves a model (publish another champion instead)");
            default:
                throw new InvalidDataException($"key '{key}' is not ROUTE/champion or ROUTE/challenger");
        }
    }
}
