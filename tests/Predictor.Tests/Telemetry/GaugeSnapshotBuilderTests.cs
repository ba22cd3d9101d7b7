using StreamForecast.Engine.Inference;
using StreamForecast.MarketData;
using StreamForecast.Predictor.Forecasting;
using StreamForecast.Predictor.Telemetry;
using StreamForecast.Predictor.Tests.Forecasting;

namespace StreamForecast.Predictor.Tests.Telemetry;

public sealed class GaugeSnapshotBuilderTests
{
    [Fact]
    public void Build_ManySeriesAboveTheTagLimit_AllocatesNothingPerSeries()
    {
        long small = Allocated(1_000), large = Allocated(10_000);

        // Ten times the series, the same allocations (the measurements themselves, not one object per series).
        Assert.True(large < small + 4096, $"{small} bytes for 1,000 series, {large} for 10,000");
    }

    private static long Allocated(int series)
    {
        ForecastModel model = TestForecasters.Recursive(hidden: 4);
        using var backend = new CpuLstmBackend(model.Checkpoint.Parameters);
        using var processor = new ForecastProcessor(model, backend, TestForecasters.Settings(3));
        List<Bar> bars = TestForecasters.Btc(5);
        processor.Process([.. bars.SelectMany(bar => Enumerable.Range(0, series).Select(s => new SeriesBar($"S{s}", bar)))], new List<Forecast>());
        ForecastProcessor[] processors = [processor];
        var noLag = new Dictionary<int, long>();
        var noCloses = new Dictionary<string, LatestClose>();
        long allocated = long.MaxValue;
        for (int run = 0; run < 4; run++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            GaugeSnapshot snapshot = GaugeSnapshotBuilder.Build(processors, 3, 50, noCloses, noLag, 0);
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(series, snapshot.ActiveSeries);
            Assert.NotEmpty(snapshot.Rmse);
        }

        return allocated;
    }
}
