using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamForecast.Contracts;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Store;
using StreamForecast.MarketData;
using StreamForecast.Messaging;
using StreamForecast.Predictor.Service.Outputs;
using StreamForecast.Predictor.Service.Telemetry;

namespace StreamForecast.Predictor.Service;

/// <summary>
/// The service's input side: a micro-batch taken from the consumer, each record checked and admitted. A bar
/// its series' state already holds is skipped; the rest is validated against the series' row (the last
/// accepted minute), then the series is admitted into its model's store (allow-list, series limit); what
/// fails is dead-lettered.
/// </summary>
internal sealed class BarIntake(
    ServeSettings settings, ModelRouter router, OutputPublisher publisher, ServiceCounters counters, PredictorTelemetry telemetry, ServiceGauges gauges, TimeProvider time, ILogger log)
{
    private readonly PredictorOptions _options = settings.Options;
    private readonly ModelFitLog _fit = new(log, telemetry);

    /// <summary>Says at start which model takes the series no route names.</summary>
    public void Started() => _fit.Started(router.Fallback);

    /// <summary>
    /// Takes what is buffered, up to MaxBatch, waiting for the first record (up to 100 ms) and, once the buffer
    /// runs dry, up to the linger time for more; false when no record came.
    /// </summary>
    public bool Fill(IConsumer<string, byte[]> consumer, MicroBatch batch, CancellationToken cancellation)
    {
        batch.Clear();
        long started = time.GetTimestamp();
        TimeSpan wait = TimeSpan.FromMilliseconds(100);
        while (batch.Bars.Count < _options.MaxBatch && !cancellation.IsCancellationRequested)
        {
            ConsumeResult<string, byte[]>? record;
            try
            {
                record = consumer.Consume(wait);
            }
            catch (KafkaException ex) when (!ex.Error.IsFatal)
            {
                // Unknown member after a session timeout, a broker handle destroyed while the cluster's brokers
                // change, and the like (librdkafka 2.x reports some as KafkaException, not ConsumeException):
                // librdkafka recovers by itself. The bars taken so far are still processed, so none is skipped.
                Log.ConsumeError(log, ex.Error.Reason);
                break;
            }

            if (record is null || record.IsPartitionEOF)
            {
                if (!batch.IsEmpty || record is null)
                {
                    break;
                }

                continue;
            }

            counters.Consumed++;
            telemetry.BarsConsumed.Add(1);
            batch.Offsets[record.TopicPartition] = record.Offset;
            Accept(record, batch);
            TimeSpan left = _options.Linger - time.GetElapsedTime(started);
            wait = left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }

        return !batch.IsEmpty;
    }

    private void Accept(ConsumeResult<string, byte[]> record, MicroBatch batch)
    {
        string? key = record.Message.Key;
        long previous = long.MinValue;
        ForecastProcessor? processor = null;
        int slot = -1;
        bool known = key is not null && router.TryFindServing(key, out processor, out slot);
        if (known)
        {
            SeriesStore held = processor!.Store;
            Span<byte> row = held.Row(slot);
            if (record.Offset.Value <= held.Layout.InputOffset.At(row))
            {
                counters.AlreadyApplied++;
                return;
            }

            previous = held.Layout.AcceptedTime.At(row);
        }

        long latest = time.GetUtcNow().ToUnixTimeSeconds() + (long)_options.MaxFutureSkew.TotalSeconds;
        var (bar, rejection) = BarValidator.Validate(key, record.Message.Value, previous, latest, _options.MaxBarBytes);
        if (bar is not null && !settings.Series.Allows(bar.Series))
        {
            rejection = new Rejection(Rejection.UnknownSeries, $"series '{bar.Series}' is not in Predictor:Series ({settings.Series})");
            bar = null;
        }
        else if (bar is not null && !known && router.SeriesCount >= router.MaxSeries)
        {
            rejection = new Rejection(Rejection.SeriesLimit, $"this instance already holds Predictor:MaxSeries = {router.MaxSeries} series");
            bar = null;
        }

        // A new series' row is made where the route serves it at this minute (a promoted challenger's, past its promotion).
        processor = bar is null ? null : known ? processor : router.ServingFor(bar.Series, bar.Timestamp);
        SeriesStore? store = processor?.Store;
        if (bar is null || !store!.TryAdd(bar.Series, out slot))
        {
            publisher.DeadLetter(record.Message, record.TopicPartitionOffset, rejection ?? new Rejection(Rejection.SeriesLimit, "the series store is full"));
            return;
        }

        if (!known)
        {
            _fit.NewSeries(bar.Series, processor!.Model, router.IsRouted(bar.Series));
        }

        _fit.Close(bar.Series, bar.Close, processor!.Model);
        Span<byte> admitted = store.Row(slot);
        store.Layout.AcceptedTime.At(admitted) = bar.Timestamp;
        store.Layout.Partition.At(admitted) = record.Partition.Value;
        batch.Bars.Add(new AcceptedBar(
            new SeriesBar(bar.Series, new Bar(bar.Timestamp, bar.Open, bar.High, bar.Low, bar.Close, bar.Volume)),
            record.TopicPartitionOffset, time.GetUtcNow(), TraceHeaders.Extract(record.Message.Headers), record.Message));
        gauges.BarAccepted(bar.Timestamp);
    }
}
