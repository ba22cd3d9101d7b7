using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Confluent.Kafka;
using StreamForecast.Contracts;
using StreamForecast.Messaging;
using StreamForecast.Predictor.Baselines;
using StreamForecast.Predictor.Forecasting;
using StreamForecast.Predictor.Preprocessing;
using StreamForecast.Predictor.Service;
using StreamForecast.Predictor.Telemetry;

namespace StreamForecast.Predictor.Benchmarks;

/// <summary>
/// End to end through the mock broker: bars of many series are loaded into the bars topic first, then
/// the service is started and timed until it has committed them all (K = 10, textbook model, every
/// Prediction and Score delivered). Latency is from a bar's consumption to the delivery of its outputs.
/// </summary>
internal static class PipelineBenchmark
{
    public static (double BarsPerSecond, double P50, double P99, long Bars) Run(int series, int barsPerSeries, int horizon = 10)
    {
        using var cluster = new MockCluster(3);
        cluster.CreateStreamTopics(8);

        var client = new ClientConfig { BootstrapServers = cluster.BootstrapServers };
        Load(client, series, barsPerSeries);
        ForecastModel model = BenchModel.Textbook();
        var forecast = new ForecastSettings(horizon, GapPolicy.Default, BaselineSettings.Default);
        var settings = new ServeSettings(client, forecast) { GroupId = "bench", MaxBatch = 2048, Linger = TimeSpan.FromMilliseconds(5) };
        var latencies = new List<double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PredictorTelemetry.Name && instrument.Name == PredictorTelemetry.LatencyName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, seconds, _, _) =>
        {
            lock (latencies)
            {
                latencies.Add(seconds * 1000);
            }
        });
        listener.Start();
        long total = (long)series * barsPerSeries;
        long start = Stopwatch.GetTimestamp();
        using var host = PredictorHost.Start(settings, ServedModels.Single(model));
        ServiceCounters counters = host.Service.Counters;
        // Every series' first bar has no flow yet, so no prediction: done when every other bar's is delivered.
        long predictions = (long)series * (barsPerSeries - 1);
        while (counters.Delivered < predictions && Stopwatch.GetElapsedTime(start) < TimeSpan.FromMinutes(5))
        {
            Thread.Sleep(20);
        }

        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        host.Stop();
        latencies.Sort();
        double Percentile(double q) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
        return (counters.Bars / seconds, Percentile(0.5), Percentile(0.99), counters.Bars);
    }

    /// <summary>A random walk per series, interleaved minute by minute as a live feed.</summary>
    private static void Load(ClientConfig client, int series, int barsPerSeries)
    {
        using IProducer<string, byte[]> producer = new ProducerBuilder<string, byte[]>(client.ToProducerConfig()).Build();
        var random = new Random(7);
        double[] close = [.. Enumerable.Range(0, series).Select(_ => 100.0)];
        for (int minute = 0; minute < barsPerSeries; minute++)
        {
            for (int s = 0; s < series; s++)
            {
                double next = close[s] + (random.NextDouble() - 0.5);
                var bar = new MinuteBar($"S{s:D4}", 1_496_275_200L + (minute * 60L), close[s], Math.Max(close[s], next) + 0.1, Math.Min(close[s], next) - 0.1, next, 1);
                close[s] = next;
                while (true)
                {
                    try
                    {
                        producer.Produce(TopicNames.Bars, new Message<string, byte[]> { Key = bar.Series, Value = JsonSerializer.SerializeToUtf8Bytes(bar, ContractsJson.Default.MinuteBar) });
                        break;
                    }
                    catch (ProduceException<string, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                    {
                        producer.Poll(TimeSpan.FromMilliseconds(10));
                    }
                }
            }
        }

        producer.Flush(TimeSpan.FromSeconds(60));
    }
}
