using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Confluent.Kafka;
using StreamForecast.Contracts;
using StreamForecast.Engine.Inference;
using StreamForecast.Messaging;
using StreamForecast.Forecasting.Baselines;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Preprocessing;
using StreamForecast.Predictor.Service;
using StreamForecast.Predictor.Service.State;
using StreamForecast.Predictor.Service.Telemetry;

namespace StreamForecast.Predictor.Tools.Benchmarks;

/// <summary>
/// Durable state, textbook model, K = 10: the bytes of one series' state record, the cost of a checkpoint
/// per changed series (snapshot and encode), the restore rate (decode and apply, from records in memory:
/// the mock broker keeps only 5 MiB a partition), and, through the mock broker, the time from a
/// member's assignment to its first prediction with the series of its partitions to restore.
/// </summary>
internal static class StateBenchmark
{
    private static readonly ForecastSettings Settings = new(10, GapPolicy.Default, BaselineSettings.Default);

    public static List<BenchmarkResult> Run(Action<string> progress)
    {
        ForecastModel model = BenchModel.Textbook();
        ulong fingerprint = ModelFingerprint.Of(model, Settings);
        byte[] one = OneSeries(model, fingerprint);
        var results = new List<BenchmarkResult> { new("state_bytes_per_series", "bytes (K = 10, 2 x 100)", one.Length, double.NaN, HigherIsBetter: false) };
        progress($"state record: {one.Length:N0} bytes a series");
        foreach (int series in new[] { 10_000, 100_000 })
        {
            var (checkpoint, restore) = CheckpointAndRestore(model, fingerprint, one, series);
            results.Add(new BenchmarkResult($"checkpoint_{series}", "us per changed series", checkpoint, double.NaN, HigherIsBetter: false));
            results.Add(new BenchmarkResult($"restore_{series}", "series/s", restore, double.NaN, HigherIsBetter: true));
            progress($"{series:N0} series: checkpoint {checkpoint:F1} us a series, restore {restore:N0} series/s");
        }

        const int brokerSeries = 2_000;
        double first = AssignmentToFirstPrediction(model, brokerSeries);
        results.Add(new BenchmarkResult($"assignment_to_first_prediction_{brokerSeries}", "ms (mock broker)", first, double.NaN, HigherIsBetter: false));
        progress($"{brokerSeries:N0} series through the mock broker: {first:F0} ms from assignment to the first prediction");
        return results;
    }

    /// <summary>A series after 2,000 bars: full baselines, running scores, K pending forecasts.</summary>
    private static byte[] OneSeries(ForecastModel model, ulong fingerprint)
    {
        using var backend = new CpuLstmBackend(model.Checkpoint.Parameters);
        using var processor = new ForecastProcessor(model, backend, Settings);
        processor.Process([.. BenchModel.RandomWalk(2_000, seed: 3).Select(bar => new SeriesBar("S", bar))], new List<Forecast>());
        return SeriesStateCodec.Write(new StateHeader(fingerprint, 0, 1_999), processor.Snapshot("S"), Settings.Horizon);
    }

    private static (double CheckpointMicroseconds, double RestorePerSecond) CheckpointAndRestore(ForecastModel model, ulong fingerprint, byte[] one, int series)
    {
        var records = new Dictionary<string, byte[]>(series, StringComparer.Ordinal);
        for (int s = 0; s < series; s++)
        {
            records[$"S{s:D6}"] = one;
        }

        using var backend = new CpuLstmBackend(model.Checkpoint.Parameters);
        using var processor = new ForecastProcessor(model, backend, Settings);
        long started = Stopwatch.GetTimestamp();
        foreach (var (name, value) in records)
        {
            var (_, snapshot) = StateRecord.Decode(name, value, fingerprint, Settings.Horizon, out _)!.Value;
            processor.Restore(snapshot with { Series = name });
        }

        double restore = series / Stopwatch.GetElapsedTime(started).TotalSeconds;
        // As the checkpointer does: one encoder, each record's array returned once "produced".
        var encoder = new StateEncoder();
        started = Stopwatch.GetTimestamp();
        long bytes = 0;
        foreach (string name in records.Keys)
        {
            byte[] value = encoder.Encode(new StateHeader(fingerprint, 0, 1), processor.Snapshot(name), Settings.Horizon);
            bytes += value.Length;
            encoder.Return(value);
        }

        double checkpoint = Stopwatch.GetElapsedTime(started).TotalMicroseconds / series;
        return bytes > 0 ? (checkpoint, restore) : (double.NaN, restore);
    }

    /// <summary>One member builds the state of <paramref name="series"/> series and stops; a new one is timed from its assignment to its first prediction.</summary>
    private static double AssignmentToFirstPrediction(ForecastModel model, int series)
    {
        using var cluster = new MockCluster(3);
        cluster.CreateStreamTopics(8);
        var client = new ClientConfig { BootstrapServers = cluster.BootstrapServers };
        var settings = new ServeSettings(client, Settings) { GroupId = "bench-state", MaxBatch = 4096 };
        Produce(client, series, minutes: 3, from: 0);
        using (PredictorHost first = PredictorHost.Start(settings, ServedModels.Single(model)))
        {
            Wait(() => first.Service.Counters.Delivered >= series * 2L);
        }

        Produce(client, series, minutes: 1, from: 3);
        double restored = double.NaN, restoreSeconds = double.NaN;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PredictorTelemetry.Name && instrument.Name == "stream.predictor.restore.duration")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, seconds, _, _) => (restored, restoreSeconds) = (Stopwatch.GetTimestamp(), seconds));
        listener.Start();
        using PredictorHost second = PredictorHost.Start(settings, ServedModels.Single(model));
        Wait(() => second.Service.Counters.Delivered > 0);
        long delivered = Stopwatch.GetTimestamp();
        return double.IsNaN(restored) ? double.NaN : (restoreSeconds * 1000) + Stopwatch.GetElapsedTime((long)restored, delivered).TotalMilliseconds;
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
