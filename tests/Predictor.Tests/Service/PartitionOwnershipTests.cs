using System.Buffers;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using StreamForecast.Engine.Inference;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Store;
using StreamForecast.Forecasting.Tests.Forecasts;
using StreamForecast.Messaging;
using StreamForecast.Predictor.Service;
using StreamForecast.Predictor.Service.State;
using StreamForecast.Predictor.Service.Telemetry;
using StreamForecast.ServiceDefaults.Health;

namespace StreamForecast.Predictor.Tests.Service;

public sealed class PartitionOwnershipTests
{
    [Fact]
    public void Restore_RecordsInTheOrderRead_TheNewestWins_ARefusalOrDeletionStartsTheSeriesFresh()
    {
        ForecastModel model = TestForecasters.Recursive();
        var options = new PredictorOptions { Horizon = 3 };
        using var owner = new Owner(model, options);
        var (settings, router, ownership) = (owner.Settings, owner.Router, owner.Ownership);
        byte[] older = Record(model, settings, 100), newer = Record(model, settings, 200);
        var outcome = new RestoreOutcome();

        ownership.Restore("S", older, outcome);
        ownership.Restore("S", newer, outcome);
        ownership.Restore("R", newer, outcome);
        ownership.Restore("R", older, outcome);
        ownership.Restore("T", older, outcome);
        ownership.Restore("T", [1, 2, 3, 4, 5, 6, 7], outcome);
        ownership.Restore("U", older, outcome);
        ownership.Restore("U", [], outcome);

        SeriesStore store = Assert.Single(router.Processors).Store;
        Assert.True(store.TryGet("S", out int slot));
        Assert.Equal(200, store.Layout.Counters.Get(store.Row(slot), SeriesCounters.Bars));
        Assert.True(store.TryGet("R", out slot));
        Assert.Equal(200, store.Layout.Counters.Get(store.Row(slot), SeriesCounters.Bars));
        Assert.False(store.TryGet("T", out _));
        Assert.False(store.TryGet("U", out _));
        Assert.Equal(2, outcome.RestoredCount);
        Assert.Equal(1, outcome.Stale);
        Assert.Equal([StateRecord.Corrupt, StateRecord.Deleted], outcome.Refusals);
    }

    [Fact]
    public void Restore_BeyondTheSeriesLimit_KeepsTheMostRecentlyActiveSeries_WhateverTheReadOrder()
    {
        ForecastModel model = TestForecasters.Recursive();
        var options = new PredictorOptions { Horizon = 3, MaxSeries = 2 };
        using var owner = new Owner(model, options);
        var (settings, router, ownership) = (owner.Settings, owner.Router, owner.Ownership);
        var outcome = new RestoreOutcome();

        ownership.Restore("Quiet", Record(model, settings, 100), outcome);
        ownership.Restore("Busy", Record(model, settings, 300), outcome);
        ownership.Restore("Middle", Record(model, settings, 200), outcome);
        ownership.Restore("Oldest", Record(model, settings, 50), outcome);

        SeriesStore store = Assert.Single(router.Processors).Store;
        Assert.True(store.TryGet("Busy", out _) && store.TryGet("Middle", out _));
        Assert.False(store.TryGet("Quiet", out _) || store.TryGet("Oldest", out _));
        Assert.Equal(2, outcome.RestoredCount);
        Assert.Equal([StateRecord.SeriesLimit, StateRecord.SeriesLimit], outcome.Refusals);
    }

    /// <summary>A partition owner over one model's store, with what it needs (no broker: restores only).</summary>
    private sealed class Owner : IDisposable
    {
        private readonly PredictorTelemetry _telemetry = new(TimeProvider.System);
        private readonly IProducer<string, byte[]> _producer;

        public Owner(ForecastModel model, PredictorOptions options)
        {
            Settings = new ServeSettings(new ClientConfig { BootstrapServers = "127.0.0.1:1" }, options);
            Router = new ModelRouter(ServedModels.Single(model), Settings.Forecast, options);
            _producer = new ProducerBuilder<string, byte[]>(Settings.Client.ToProducerConfig()).Build();
            var checkpointer = new Checkpointer(_producer, Router.Stores, "state", "dlq", TimeSpan.FromHours(1), 32, false, TimeProvider.System, NullLogger.Instance, _telemetry, _ => { });
            Ownership = new PartitionOwnership(
                Settings, Router, checkpointer, new MicroBatch(), _producer, new ServiceHealth(TimeProvider.System, TimeSpan.FromMinutes(1)),
                new ReadinessSignals(TimeProvider.System, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)), _telemetry, NullLogger.Instance);
        }

        public ServeSettings Settings { get; }

        public ModelRouter Router { get; }

        public PartitionOwnership Ownership { get; }

        public void Dispose()
        {
            _producer.Dispose();
            Router.Dispose();
            _telemetry.Dispose();
        }
    }

    private static byte[] Record(ForecastModel model, ServeSettings settings, int bars)
    {
        using var backend = new CpuLstmBackend(model.Checkpoint.Parameters, workers: 1);
        using var processor = new ForecastProcessor(model, backend, settings.Forecast);
        processor.Process([.. TestForecasters.Btc(bars).Select(b => new SeriesBar("S", b))], new ForecastCollector());
        processor.Store.TryGet("S", out int slot);
        var buffer = new ArrayBufferWriter<byte>();
        SeriesStateCodec.Write(buffer, ModelFingerprint.Of(model, settings.Forecast), processor.Store, slot);
        return buffer.WrittenSpan.ToArray();
    }
}
