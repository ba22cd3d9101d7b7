using Confluent.Kafka;
using StreamForecast.Contracts;
using StreamForecast.MarketData;
using StreamForecast.Messaging;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Predictor.Service.Telemetry;

namespace StreamForecast.Predictor.Service;

/// <summary>The service's input side: a micro-batch taken from the consumer, each record checked and admitted.</summary>
internal sealed partial class PredictorService
{
    /// <summary>
    /// Takes what is buffered, up to MaxBatch, waiting for the first record (up to 100 ms) and, once the buffer
    /// runs dry, up to the linger time for more; false when no record came.
    /// </summary>
    private bool Fill(IConsumer<string, byte[]> consumer, CancellationToken cancellation)
    {
        _batch.Clear();
        _batchOffsets.Clear();
        _arrivals.Clear();
        long started = _time.GetTimestamp();
        TimeSpan wait = TimeSpan.FromMilliseconds(100);
        while (_batch.Count < _settings.MaxBatch && !cancellation.IsCancellationRequested)
        {
            ConsumeResult<string, byte[]>? record;
            try
            {
                record = consumer.Consume(wait);
            }
            catch (ConsumeException ex) when (!ex.Error.IsFatal)
            {
                // Unknown member after a session timeout and the like: librdkafka rejoins by itself. The
                // bars taken so far are still processed, so none is skipped.
                Log.ConsumeError(_log, ex.Error.Reason);
                break;
            }

            if (record is null || record.IsPartitionEOF)
            {
                if (_batchOffsets.Count > 0 || record is null)
                {
                    break;
                }

                continue;
            }

            Counters.Consumed++;
            _telemetry.BarsConsumed.Add(1);
            _batchOffsets[record.TopicPartition] = record.Offset;
            Accept(record);
            TimeSpan left = _settings.Linger - _time.GetElapsedTime(started);
            wait = left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }

        return _batchOffsets.Count > 0;
    }

    /// <summary>
    /// Skips a bar its series' restored state already holds; validates the rest, then admits the series
    /// (allow-list, series limit); what fails is dead-lettered.
    /// </summary>
    private void Accept(ConsumeResult<string, byte[]> record)
    {
        string? key = record.Message.Key;
        if (key is not null && _restoredOffset.TryGetValue(key, out long restored))
        {
            if (record.Offset.Value <= restored)
            {
                Counters.AlreadyApplied++;
                return;
            }

            _restoredOffset.Remove(key);
        }

        long previous = key is not null && _lastTimestamp.TryGetValue(key, out long last) ? last : long.MinValue;
        long latest = _time.GetUtcNow().ToUnixTimeSeconds() + (long)_settings.MaxFutureSkew.TotalSeconds;
        var (bar, rejection) = BarValidator.Validate(key, record.Message.Value, previous, latest);
        if (bar is not null && !_settings.Series.Allows(bar.Series))
        {
            rejection = new Rejection(Rejection.UnknownSeries, $"series '{bar.Series}' is not in Predictor:Series ({_settings.Series})");
            bar = null;
        }
        else if (bar is not null && previous == long.MinValue && _lastTimestamp.Count >= _settings.MaxSeries)
        {
            rejection = new Rejection(Rejection.SeriesLimit, $"this instance already holds Predictor:MaxSeries = {_settings.MaxSeries} series");
            bar = null;
        }

        if (bar is null)
        {
            DeadLetter(record.Message, record.TopicPartitionOffset, rejection!.Value);
            return;
        }

        _lastTimestamp[bar.Series] = bar.Timestamp;
        _seriesPartition[bar.Series] = record.Partition;
        var accepted = new AcceptedBar(
            new SeriesBar(bar.Series, new Bar(bar.Timestamp, bar.Open, bar.High, bar.Low, bar.Close, bar.Volume)),
            record.TopicPartitionOffset, _time.GetUtcNow(), TraceHeaders.Extract(record.Message.Headers), record.Message);
        _batch.Add(accepted);
        _arrivals[(bar.Series, bar.Timestamp)] = accepted;
        _gauges.BarAccepted(bar.Timestamp);
    }
}
