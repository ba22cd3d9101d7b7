using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Confluent.Kafka;
using StreamForecast.Contracts;
using StreamForecast.Engine.Inference;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Store;
using StreamForecast.Messaging;
using StreamForecast.Predictor.Service;
using StreamForecast.Predictor.Service.State;
using StreamForecast.Predictor.Service.Telemetry;

namespace StreamForecast.Predictor.Tools.Benchmarks;

/// <summary>
/// Durable state, textbook model, K = 10, the service's defaults (intervals for lstm and naive at 80 and 95 %):
/// the bytes of one series' row and state record (under quantile tracking and under ACI), the cost of a
/// checkpoint per changed series, the restore rate from records in memory, and through the mock broker the
/// restore of 20,000 series (32 partitions, so that the mock's 5 MiB a partition keeps them) and the time from
/// a member's assignment to its first prediction.
/// </summary>
internal static class StateBenchmark
{
    private static readonly PredictorOptions Options = new();

    public static List<BenchmarkResult> Run(Action<string> progress)
    {
        ForecastModel model = BenchModel.Textbook();
        ForecastSettings settings = Options.Forecast();
        ulong fingerprint = ModelFingerprint.Of(model, settings);
        var (one, layout) = OneSeries(model, settings, fingerprint);
        var (aci, _) = OneSeries(model, new PredictorOptions { IntervalMethod = "aci" }.Forecast(), fingerprint);
        var results = new List<BenchmarkResult>
        {
            new("state_bytes_per_series", "bytes (K = 10, 2 x 100, qt intervals)", one.Length, double.NaN, HigherIsBetter: false),
            new("row_bytes_per_series", "bytes in memory (row + LSTM state)", layout.BytesWithLstm, double.NaN, HigherIsBetter: false),
            new("state_bytes_per_series_aci", "bytes (the same with ACI, W = 500)", aci.Length, double.NaN, HigherIsBetter: false),
        };
        progress($"state record: {one.Length:N0} bytes a series (row {layout.Bytes:N0} + LSTM {layout.BytesWithLstm - layout.Bytes:N0}); with ACI {aci.Length:N0}");
        foreach (int series in new[] { 10_000, 100_000 })
        {
            var (checkpoint, restore, reused) = CheckpointAndRestore(model, settings, fingerprint, one, series);
            results.Add(new BenchmarkResult($"checkpoint_{series}", "us per changed series", checkpoint, double.NaN, HigherIsBetter: false));
            results.Add(new BenchmarkResult($"restore_{series}", "series/s (into fresh memory)", restore, double.NaN, HigherIsBetter: true));
            results.Add(new BenchmarkResult($"restore_{series}_reused", "series/s (into the slots of series dropped before)", reused, double.NaN, HigherIsBetter: true));
            progress($"{series:N0} series: checkpoint {checkpoint:F2} us a series, restore {restore:N0} series/s into fresh memory, {reused:N0} into reused slots");
        }

        const int brokerSeries = 20_000;
        double rate = RestoreThroughBroker(model, fingerprint, one, brokerSeries);
        results.Add(new BenchmarkResult($"restore_broker_{brokerSeries}", "series/s (mock broker, 32 partitions)", rate, double.NaN, HigherIsBetter: true));
        progress($"{brokerSeries:N0} series through the mock broker: restored at {rate:N0} series/s");
        const int firstSeries = 2_000;
        double first = AssignmentToFirstPrediction(model, firstSeries);
        results.Add(new BenchmarkResult($"assignment_to_first_prediction_{firstSeries}", "ms (mock broker)", first, double.NaN, HigherIsBetter: false));
        progress($"{firstSeries:N0} series through the mock broker: {first:F0} ms from assignment to the first prediction");
        return results;
    }

    /// <summary>A series after 2,000 bars (full baselines, running scores, K pending forecasts, intervals warm): its record.</summary>
    private static (byte[] Record, RowLayout Layout) OneSeries(ForecastModel model, ForecastSettings settings, ulong fingerprint)
    {
        using var backend = new CpuLstmBackend(model.Checkpoint.Parameters);
        using var processor = new ForecastProcessor(model, backend, settings);
        processor.Process([.. BenchModel.RandomWalk(2_000, seed: 3).Select(bar => new SeriesBar("S", bar))], new ForecastCollector());
        processor.Store.TryGet("S", out int slot);
        var buffer = new ArrayBufferWriter<byte>();
        SeriesStateCodec.Write(buffer, fingerprint, processor.Store, slot);
        return (buffer.WrittenSpan.ToArray(), processor.Store.Layout);
    }

    /// <summary>
    /// Restores <paramref name="series"/> series from records in memory into a new store (every page of it
    /// fresh memory), checkpoints them all, then drops them and restores as many others into the freed slots
    /// (a member after a rebalance); the first restore's rate is mostly the machine's cost of fresh pages.
    /// </summary>
    private static (double CheckpointMicroseconds, double RestorePerSecond, double ReusedPerSecond) CheckpointAndRestore(
        ForecastModel model, ForecastSettings settings, ulong fingerprint, byte[] one, int series)
    {
        string[] names = [.. Enumerable.Range(0, series).Select(s => $"S{s:D6}")], others = [.. names.Select(name => name + "-next")];
        using var backend = new CpuLstmBackend(model.Checkpoint.Parameters);
        using var processor = new ForecastProcessor(model, backend, settings);
        SeriesStore store = processor.Store;
        double Restore(string[] which)
        {
            long started = Stopwatch.GetTimestamp();
            int restored = 0;
            foreach (string name in which)
            {
                restored += StateRecord.TryRestore(name, one, fingerprint, store, out _) ? 1 : 0;
            }

            return restored == which.Length ? restored / Stopwatch.GetElapsedTime(started).TotalSeconds : double.NaN;
        }

        double restore = Restore(names);

        // As the checkpointer does: one encoder, each record's array returned once "produced".
        var encoder = new StateEncoder();
        long started = Stopwatch.GetTimestamp();
        long bytes = 0;
        for (int slot = 0; slot < store.SlotLimit; slot++)
        {
            byte[] value = encoder.Encode(fingerprint, store, slot);
            bytes += value.Length;
            encoder.Return(value);
        }

        double checkpoint = bytes == (long)one.Length * series ? Stopwatch.GetElapsedTime(started).TotalMicroseconds / series : double.NaN;
        foreach (string name in names)
        {
            store.Remove(name);
        }

        return (checkpoint, restore, Restore(others));
    }

    /// <summary>The records of <paramref name="series"/> series on the state topic (32 partitions); a member is timed restoring them on assignment.</summary>
    private static double RestoreThroughBroker(ForecastModel model, ulong fingerprint, byte[] one, int series)
    {
        const int partitions = 32;
        using var cluster = new MockCluster(3);
        cluster.CreateStreamTopics(partitions);
        var client = new ClientConfig { BootstrapServers = cluster.BootstrapServers };
        // Written as the service writes state: lz4, batches of up to 1 MiB.
        ProducerConfig config = client.ToProducerConfig();
        (config.CompressionType, config.LingerMs, config.BatchSize) = (CompressionType.Lz4, 1, 1 << 20);
        using (IProducer<string, byte[]> producer = new ProducerBuilder<string, byte[]>(config).Build())
        {
            for (int s = 0; s < series; s++)
            {
                producer.Produce(new TopicPartition(TopicNames.State, s % partitions), new Message<string, byte[]> { Key = $"S{s:D6}", Value = one });
            }

            producer.Flush(TimeSpan.FromSeconds(120));
        }

        var seconds = new List<double>();
        using MeterListener listener = Listen("stream.predictor.restore.duration", seconds);
        var options = new PredictorOptions { Group = "bench-restore" };
        using PredictorHost host = PredictorHost.Start(new ServeSettings(client, options), ServedModels.Single(model));
        Wait(() => { lock (seconds) { return seconds.Count > 0; } });
        host.Stop();
        lock (seconds)
        {
            return seconds.Count > 0 ? series / seconds.Sum() : double.NaN;
        }
    }

    /// <summary>One member builds the state of <paramref name="series"/> series and stops; a new one is timed from its assignment to its first prediction.</summary>
    private static double AssignmentToFirstPrediction(ForecastModel model, int series)
    {
        using var cluster = new MockCluster(3);
        cluster.CreateStreamTopics(8);
        var client = new ClientConfig { BootstrapServers = cluster.BootstrapServers };
        var settings = new ServeSettings(client, new PredictorOptions { Group = "bench-state", MaxBatch = 4096 });
        Produce(client, series, minutes: 3, from: 0);
        using (PredictorHost first = PredictorHost.Start(settings, ServedModels.Single(model)))
        {
            Wait(() => first.Service.Counters.Delivered >= series * 2L);
        }

        Produce(client, series, minutes: 1, from: 3);
        var seconds = new List<double>();
        long restored = 0;
        using MeterListener listener = Listen("stream.predictor.restore.duration", seconds, () => restored = Stopwatch.GetTimestamp());
        using PredictorHost second = PredictorHost.Start(settings, ServedModels.Single(model));
        Wait(() => second.Service.Counters.Delivered > 0);
        long delivered = Stopwatch.GetTimestamp();
        lock (seconds)
        {
            return seconds.Count == 0 ? double.NaN : (seconds[0] * 1000) + Stopwatch.GetElapsedTime(restored, delivered).TotalMilliseconds;
        }
    }

    /// <summary>Collects the measurements of one of the predictor's histograms (seconds), and calls back at each.</summary>
    private static MeterListener Listen(string instrumentName, List<double> into, Action? then = null)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PredictorTelemetry.Name && instrument.Name == instrumentName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
        {
            lock (into)
            {
                into.Add(value);
            }

            then?.Invoke();
        });
        listener.Start();
        return listener;
    }

    private static void Produce(ClientConfig client, int series, int minutes, int from)
    {
        using IProducer<string, byte[]> producer = new ProducerBuilder<string, byte[]>(client.ToProducerConfig()).Build();
        for (int minute = from; minute < from + minutes; minute++)
        {
            for (int s = 0; s < series; s++)
            {
                double close = 100 + Math.Sin(s + minute);
                var bar = new MinuteBar($"S{s:D5}", BenchModel.Start + (minute * 60L), close, close + 0.1, close - 0.1, close, 1);
                producer.Produce(TopicNames.Bars, new Message<string, byte[]> { Key = bar.Series, Value = JsonSerializer.SerializeToUtf8Bytes(bar, ContractsJson.Default.MinuteBar) });
            }
        }

        producer.Flush(TimeSpan.FromSeconds(60));
    }

    private static void Wait(Func<bool> done)
    {
        var waited = Stopwatch.StartNew();
        while (!done() && waited.Elapsed < TimeSpan.FromMinutes(3))
        {
            Thread.Sleep(1);
        }
    }
}
