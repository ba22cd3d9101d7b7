using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Confluent.Kafka;
using StreamForecast.Contracts;
using StreamForecast.Engine.Inference;
using StreamForecast.MarketData;
using StreamForecast.Messaging;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Predictor.Service;
using StreamForecast.Predictor.Service.Telemetry;

namespace StreamForecast.Predictor.Tools.Benchmarks;

/// <summary>
/// The service end to end through the mock broker (in this process, on the same cores) next to the
/// in-process forecasting of the same bars, K = 10, textbook model. At full speed the bars are on the
/// topic before the service starts and the clock runs from its first bar to its last prediction
/// delivered; at a given rate a producer offers them paced while the service runs. Latency is from a
/// bar's consumption to the delivery of its prediction.
/// </summary>
internal static class PipelineBenchmark
{
    /// <param name="name">The result's name.</param>
    /// <param name="series">Series, interleaved minute by minute.</param>
    /// <param name="barsPerSeries">Minutes of each.</param>
    /// <param name="offered">Bars a second offered while the service runs; 0: all on the topic first (full speed).</param>
    /// <param name="model">The model (default: the textbook one, recursive).</param>
    /// <param name="service">The service's batch cap and checkpoint and gauge intervals (default: <see cref="PipelineService.Default"/>).</param>
    public static PipelineResult Run(string name, int series, int barsPerSeries, double offered = 0, ForecastModel? model = null, PipelineService? service = null)
    {
        MinuteBar[] bars = Bars(series, barsPerSeries);
        model ??= BenchModel.Textbook();
        service ??= PipelineService.Default;
        var options = new PredictorOptions { Group = "bench", MaxBatch = service.MaxBatch, CheckpointInterval = service.CheckpointInterval, GaugeInterval = service.GaugeInterval };
        double backtest = Backtest(model, bars, options.Forecast());
        using var cluster = new MockCluster(3);
        cluster.CreateStreamTopics(8);
        var client = new ClientConfig { BootstrapServers = cluster.BootstrapServers };
        var settings = new ServeSettings(client, options)
        {
            // Fetches as prompt as a real broker's (see MockCluster.PromptFetchWaitMs).
            ConsumerOverrides = new Dictionary<string, string> { ["fetch.wait.max.ms"] = MockCluster.PromptFetchWaitMs },
        };
        var latencies = new List<double>();
        using MeterListener listener = Listen(latencies);
        // Paced runs start warm: the first minute of every series (which has no forecast yet) is on the topic
        // and consumed before the feed starts, so no bar waits for the group to form or the first fetch.
        Produce(client, offered == 0 ? bars : bars[..series], 0);
        using var host = PredictorHost.Start(settings, ServedModels.Single(model));
        ServiceCounters counters = host.Service.Counters;
        Wait(() => host.Health.Readiness().Ready);
        Wait(() => counters.Consumed >= (offered == 0 ? 1 : series));
        Thread? feed = offered > 0 ? new Thread(() => Produce(client, bars[series..], offered)) : null;
        feed?.Start();
        long start = Stopwatch.GetTimestamp();
        long predictions = (long)series * (barsPerSeries - 1);
        Wait(() => counters.Delivered >= predictions);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        feed?.Join();
        host.Stop();
        lock (latencies)
        {
            latencies.Sort();
        }

        double Percentile(double q) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
        return new PipelineResult(name, series, bars.Length, offered, bars.Length / seconds, backtest, Percentile(0.5), Percentile(0.99), (double)counters.OutputBytes / bars.Length);
    }

    /// <summary>The same bars through the processor in process, as the service batches them; the best of two.</summary>
    private static double Backtest(ForecastModel model, MinuteBar[] bars, ForecastSettings settings)
    {
        SeriesBar[] input = [.. bars.Select(b => new SeriesBar(b.Series, new Bar(b.Timestamp, b.Open, b.High, b.Low, b.Close, b.Volume)))];
        double best = 0;
        for (int run = 0; run < 2; run++)
        {
            using var backend = new CpuLstmBackend(model.Checkpoint.Parameters);
            using var processor = new ForecastProcessor(model, backend, settings);
            long start = Stopwatch.GetTimestamp();
            processor.Process(input, new ForecastCollector());
            best = Math.Max(best, input.Length / Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        return best;
    }

    /// <summary>A random walk per series, interleaved minute by minute as a live feed.</summary>
    private static MinuteBar[] Bars(int series, int barsPerSeries)
    {
        var random = new Random(7);
        double[] close = [.. Enumerable.Range(0, series).Select(_ => 100.0)];
        var bars = new MinuteBar[series * barsPerSeries];
        for (int minute = 0; minute < barsPerSeries; minute++)
        {
            for (int s = 0; s < series; s++)
            {
                double next = close[s] + (random.NextDouble() - 0.5);
                bars[(minute * series) + s] = new MinuteBar($"S{s:D4}", BenchModel.Start + (minute * 60L), close[s], Math.Max(close[s], next) + 0.1, Math.Min(close[s], next) - 0.1, next, 1);
                close[s] = next;
            }
        }

        return bars;
    }

    /// <summary>Produces the bars, paced at <paramref name="rate"/> a second (0: as fast as the producer goes).</summary>
    private static void Produce(ClientConfig client, MinuteBar[] bars, double rate)
    {
        // Batched: the mock broker finds a fetch's records by walking its list of batches, so a feed of many
        // tiny batches would slow every fetch. Latency is measured from consumption, after this.
        ProducerConfig config = client.ToProducerConfig();
        config.LingerMs = 5;
        using IProducer<string, byte[]> producer = new ProducerBuilder<string, byte[]>(config).Build();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < bars.Length; i++)
        {
            if (rate > 0)
            {
                TimeSpan due = TimeSpan.FromSeconds(i / rate) - Stopwatch.GetElapsedTime(start);
                if (due > TimeSpan.FromMilliseconds(1))
                {
                    Thread.Sleep(due);
                }
            }

            var message = new Message<string, byte[]> { Key = bars[i].Series, Value = JsonSerializer.SerializeToUtf8Bytes(bars[i], ContractsJson.Default.MinuteBar) };
            while (true)
            {
                try
                {
                    producer.Produce(TopicNames.Bars, message);
                    break;
                }
                catch (ProduceException<string, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(10));
                }
            }
        }

        producer.Flush(TimeSpan.FromSeconds(60));
    }

    private static MeterListener Listen(List<double> latencies)
    {
        var listener = new MeterListener
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
        return listener;
    }

    private static void Wait(Func<bool> done)
    {
        var waited = Stopwatch.StartNew();
        while (!done() && waited.Elapsed < TimeSpan.FromMinutes(5))
        {
            Thread.Sleep(1);
        }
    }
}

/// <summary>One pipeline measurement.</summary>
/// <param name="Name">pipeline_max, pipeline_half, …</param>
/// <param name="Series">Series.</param>
/// <param name="Bars">Bars in all.</param>
/// <param name="Offered">Bars a second offered (0: all on the topic first).</param>
/// <param name="BarsPerSecond">End to end, first bar consumed to last prediction delivered.</param>
/// <param name="BacktestBarsPerSecond">The same bars through the processor in process.</param>
/// <param name="P50">Consume → delivered, ms.</param>
/// <param name="P99">Consume → delivered, ms.</param>
/// <param name="BytesPerBar">Output record bytes (predictions, scores, metrics) a bar.</param>
internal sealed record PipelineResult(string Name, int Series, long Bars, double Offered, double BarsPerSecond, double BacktestBarsPerSecond, double P50, double P99, double BytesPerBar)
{
    public double Ratio => BarsPerSecond / BacktestBarsPerSecond;
}

/// <summary>What the pipeline benchmark varies in the service.</summary>
/// <param name="MaxBatch">Predictor:MaxBatch.</param>
/// <param name="CheckpointInterval">Predictor:CheckpointInterval.</param>
/// <param name="GaugeInterval">Predictor:GaugeInterval.</param>
internal sealed record PipelineService(int MaxBatch, TimeSpan CheckpointInterval, TimeSpan GaugeInterval)
{
    public static readonly PipelineService Default = new(4096, PredictorOptions.DefaultCheckpointInterval, TimeSpan.FromSeconds(1));
}
