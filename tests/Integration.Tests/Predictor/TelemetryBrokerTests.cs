using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using StreamForecast.Contracts;
using StreamForecast.Engine.Inference;
using StreamForecast.Ingest.Replay;
using StreamForecast.Ingest.Telemetry;
using StreamForecast.MarketData;
using StreamForecast.Messaging;
using StreamForecast.Predictor.Tools.Backtest;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Predictor.Service;
using StreamForecast.Forecasting.Tests;
using StreamForecast.Predictor.Service.Telemetry;
using Xunit.Abstractions;

namespace StreamForecast.Integration.Tests.Predictor;

/// <summary>Telemetry of a replay through the service on librdkafka's mock cluster, read in process.</summary>
public sealed class TelemetryBrokerTests(ITestOutputHelper output) : IDisposable
{
    private const string BtcFile = "btcusd-gdax-1m-2017-06-19_25.csv.gz";
    private const string Series = "BTC-USD";
    private static readonly DateRange Day = DateRange.Parse("2017-06-21", "2017-06-21");
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly MockCluster _cluster = CreateCluster();
    private readonly ForecastSettings _forecast = new PredictorOptions().Forecast();
    private readonly ForecastModel _model = ForecastModel.Load(Path.Combine(Fixtures.RepositoryRoot(), "models", "btcusd-lstm-2x100.safetensors"));

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public async Task QualityGauges_AfterADayThroughTheService_EqualTheBacktestReport()
    {
        string reportPath = Path.Combine(Path.GetTempPath(), $"stream-report-{Guid.NewGuid():N}.json");
        BacktestResult backtest = Backtest();
        JsonReport.Write(reportPath, backtest);
        using JsonDocument report = JsonDocument.Parse(File.ReadAllBytes(reportPath));
        File.Delete(reportPath);

        using var predictions = new TopicReader(_cluster.BootstrapServers, TopicNames.Predictions);
        var gauges = new Dictionary<(string Name, string Tags), double>();
        var totals = new Dictionary<string, double>();
        using (PredictorHost running = Start())
        using (MeterListener listener = Listen(running.Telemetry.Meter, gauges, totals))
        {
            await Replay(new IngestTelemetry());
            Assert.True(predictions.WaitFor(n => n >= backtest.Forecasts.Count, Patience), $"{predictions.Messages.Count} of {backtest.Forecasts.Count} predictions");
            running.Stop();
            listener.RecordObservableInstruments();
        }

        int compared = 0;
        foreach (JsonElement model in report.RootElement.GetProperty("models").EnumerateArray())
        {
            string name = model.GetProperty("name").GetString()!;
            foreach (JsonElement horizon in model.GetProperty("horizons").EnumerateArray())
            {
                int h = horizon.GetProperty("h").GetInt32();
                string tags = $"horizon={h},model={name},series={Series}";
                foreach (var (gauge, field) in new[] { ("stream.predictor.forecast.rmse", "rmse_price"), ("stream.predictor.forecast.mae", "mae_price"), ("stream.predictor.forecast.mase", "mase") })
                {
                    JsonElement expected = horizon.GetProperty(field);
                    if (expected.ValueKind == JsonValueKind.Null)
                    {
                        Assert.False(gauges.ContainsKey((gauge, tags)), $"{gauge} {tags} has a value where the report has none");
                        continue;
                    }

                    Assert.True(gauges.TryGetValue((gauge, tags), out double actual), $"{gauge} {tags} missing");
                    // The report rounds to 10 significant digits.
                    Assert.Equal(expected.GetDouble(), actual, expected.GetDouble() * 1e-9);
                    compared++;
                }
            }
        }

        Assert.Equal(ModelNames.All.Length * _forecast.Horizon * 3, compared);
        Assert.Equal(backtest.Forecasts.Count, totals["stream.predictor.predictions"]);
        Assert.Equal(backtest.Bars, totals["stream.predictor.bars.consumed"]);
        Assert.Equal(backtest.Forecasts.Count, totals["stream.predictor.prediction.latency"]); // one per prediction delivered
        Assert.Equal(1, gauges[("stream.predictor.series.active", "")]);
        double[] lag = [.. gauges.Where(g => g.Key.Name == "stream.predictor.consumer.lag").Select(g => g.Value)];
        Assert.NotEmpty(lag);
        Assert.All(lag, value => Assert.Equal(0, value)); // everything consumed
        Assert.InRange(gauges[("stream.predictor.event_time.lag", "")], (DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeSeconds(backtest.Actuals[^1].Timestamp)).TotalSeconds - 120, double.MaxValue);
        var (lastTime, lastClose) = backtest.Actuals[^1];
        Assert.Equal(lastClose, gauges[("stream.predictor.close.actual", $"series={Series}")]);
        Assert.Equal(backtest.Actuals[^2].Close, gauges[("stream.predictor.close.predicted", $"model=naive,series={Series}")]);
        Forecast previous = backtest.Forecasts.Single(f => f.AsOf == lastTime - 60);
        Assert.Equal(previous.ClosePrediction(ModelNames.LstmIndex, 1), gauges[("stream.predictor.close.predicted", $"model=lstm,series={Series}")]);
        output.WriteLine($"compared {compared} quality gauges with the report; {totals["stream.predictor.predictions"]} predictions");
    }

    [Fact]
    public async Task Traceparent_FromIngestThroughTheService_LinksOneBarsSpansIntoOneTrace()
    {
        var spans = new List<Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name is IngestTelemetry.Name or PredictorTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (spans)
                {
                    spans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(activities);
        int expected = Backtest().Forecasts.Count;
        using var predictions = new TopicReader(_cluster.BootstrapServers, TopicNames.Predictions);
        using (Start())
        {
            await Replay(new IngestTelemetry());
            Assert.True(predictions.WaitFor(n => n >= expected, Patience), $"{predictions.Messages.Count} of {expected} predictions");
        }

        Message<string, byte[]> last = predictions.Messages.Last();
        Assert.True(last.Headers.TryGetLastBytes(Schemas.TraceParentHeader, out byte[] header), "the prediction carries no traceparent");
        Assert.True(ActivityContext.TryParse(Encoding.ASCII.GetString(header), null, out ActivityContext context));
        Activity[] trace;
        lock (spans)
        {
            trace = [.. spans.Where(span => span.TraceId == context.TraceId).OrderBy(span => span.StartTimeUtc)];
        }

        Assert.Equal(3, trace.Length);
        Activity bar = trace.Single(span => span.Source.Name == IngestTelemetry.Name);
        Activity process = trace.Single(span => span.Kind == ActivityKind.Consumer);
        Activity publish = trace.Single(span => span.Source.Name == PredictorTelemetry.Name && span.Kind == ActivityKind.Producer);
        Assert.Equal((ActivityKind.Producer, $"publish {TopicNames.Bars}", default(ActivitySpanId)), (bar.Kind, bar.DisplayName, bar.ParentSpanId));
        Assert.Equal(($"process {TopicNames.Bars}", bar.SpanId), (process.DisplayName, process.ParentSpanId));
        Assert.Equal(($"publish {TopicNames.Predictions}", process.SpanId, context.SpanId), (publish.DisplayName, publish.ParentSpanId, publish.SpanId));
        Prediction prediction = JsonSerializer.Deserialize(last.Value, ContractsJson.Default.Prediction)!;
        Assert.Equal(prediction.AsOf, (long)process.GetTagItem("stream.bar.minute")!);
        foreach (Activity span in trace)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{span.TraceId} {span.SpanId} parent={(span.ParentSpanId == default ? "-" : span.ParentSpanId.ToHexString())} {span.Source.Name} {span.Kind} \"{span.DisplayName}\" {span.Duration.TotalMilliseconds:F3} ms"));
        }
    }

    private BacktestResult Backtest()
    {
        using var backend = new CpuLstmBackend(_model.Checkpoint.Parameters);
        return Backtester.Run(_model, backend, new BarReader(Fixtures.Data(BtcFile), range: Day), Series, "2017-06-21", "2017-06-21", _forecast);
    }

    private static MockCluster CreateCluster()
    {
        var cluster = new MockCluster(1);
        cluster.CreateStreamTopics(4);
        return cluster;
    }

    /// <summary>Collects counter and histogram totals (histograms: their count) and the last value of each gauge by tags.</summary>
    private static MeterListener Listen(Meter meter, Dictionary<(string, string), double> gauges, Dictionary<string, double> totals)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, meter))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            lock (totals)
            {
                if (instrument is ObservableGauge<double> or ObservableGauge<long> or ObservableGauge<int>)
                {
                    string key = string.Join(',', tags.ToArray().OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key}={t.Value}")));
                    gauges[(instrument.Name, key)] = value;
                }
                else
                {
                    totals[instrument.Name] = totals.GetValueOrDefault(instrument.Name) + (instrument is Histogram<double> or Histogram<int> ? 1 : value);
                }
            }
        }

        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
        return listener;
    }

    private PredictorHost Start()
    {
        var settings = new ServeSettings(new ClientConfig { BootstrapServers = _cluster.BootstrapServers }, new PredictorOptions { Group = "telemetry-test" });
        return PredictorHost.Start(settings, ServedModels.Single(_model));
    }

    private Task<ReplaySummary> Replay(IngestTelemetry telemetry) =>
        new Replayer(TimeProvider.System, telemetry).RunAsync(
            new ReplaySettings([new ReplayInput(Fixtures.Data(BtcFile), Series)], Day, ReplaySpeed.Parse("max"),
                new ClientConfig { BootstrapServers = _cluster.BootstrapServers }, TopicNames.Bars, TopicNames.DeadLetters, BadRowPolicy.Stop, false),
            new NoProgress(), CancellationToken.None);
}
