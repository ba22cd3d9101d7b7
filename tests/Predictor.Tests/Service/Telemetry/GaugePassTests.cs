using StreamForecast.Engine.Inference;
using StreamForecast.MarketData;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Predictor.Service.Telemetry;
using StreamForecast.Forecasting.Tests.Forecasts;

namespace StreamForecast.Predictor.Tests.Service.Telemetry;

public sealed class GaugePassTests
{
    [Fact]
    public void Walk_ManySeriesAboveTheTagLimit_AllocatesNothingPerSeries()
    {
        long small = Allocated(1_000), large = Allocated(10_000);

        // Ten times the series, the same allocations (the measurements themselves, not one object per series).
        Assert.True(large < small + 4096, $"{small} bytes for 1,000 series, {large} for 10,000");
    }

    [Fact]
    public void Walk_IntervalCoverageAndWidth_PerModelHorizonAndLevel()
    {
        ForecastModel model = TestForecasters.Recursive(hidden: 4);
        using var backend = new CpuLstmBackend(model.Checkpoint.Parameters);
        using var processor = new ForecastProcessor(model, backend, TestForecasters.Settings(3));
        processor.Process([.. TestForecasters.Btc(400).Select(bar => new SeriesBar("S", bar))], new ForecastCollector());

        GaugeSnapshot snapshot = WalkAll([processor]);

        // lstm and naive, h = 1..3, levels 80 and 95.
        Assert.Equal(2 * 3 * 2, snapshot.IntervalCoverage.Length);
        Assert.All(snapshot.IntervalCoverage, m => Assert.InRange(m.Value, 0.5, 1.0));
        var naive95 = snapshot.IntervalWidth.Single(m => m.Tags.ToArray() is var tags && tags.Contains(new("model", "naive")) && tags.Contains(new("horizon", 1)) && tags.Contains(new("level", "95")));
        var naive80 = snapshot.IntervalWidth.Single(m => m.Tags.ToArray() is var tags && tags.Contains(new("model", "naive")) && tags.Contains(new("horizon", 1)) && tags.Contains(new("level", "80")));
        Assert.True(naive95.Value > naive80.Value);

        // The actual close and what each model forecast for it a minute before, from the row's pending forecasts.
        Assert.Single(snapshot.ActualClose);
        Assert.Equal(6, snapshot.PredictedClose.Length);
        Assert.Equal(TestForecasters.Btc(400)[^1].Close, snapshot.ActualClose[0].Value);
        Assert.Equal(TestForecasters.Btc(400)[^2].Close, snapshot.PredictedClose.Single(m => m.Tags.ToArray().Contains(new("model", "naive"))).Value);
    }

    [Fact]
    public void GaugePass_WalkedInSlices_GivesWhatOneWalkGives_AndIsDoneOnlyAtTheEnd()
    {
        ForecastModel model = TestForecasters.Recursive(hidden: 4);
        using var backend = new CpuLstmBackend(model.Checkpoint.Parameters);
        using var processor = new ForecastProcessor(model, backend, TestForecasters.Settings(3));
        List<Bar> bars = TestForecasters.Btc(80);
        processor.Process([.. bars.SelectMany(bar => Enumerable.Range(0, 300).Select(s => new SeriesBar($"S{s}", bar)))], new ForecastCollector());
        ForecastProcessor[] processors = [processor];

        GaugeSnapshot whole = WalkAll(processors);
        GaugePass pass = GaugePass.Start(processors, 3, 50);
        int slices = 0;
        while (!pass.Done)
        {
            pass.Advance(processors, 7);
            slices++;
        }

        GaugeSnapshot sliced = pass.Snapshot(0, []);
        Assert.Equal((300 + 6) / 7, slices);
        Assert.Equal(300, sliced.ActiveSeries);
        Assert.Equal(whole.Rmse.Select(m => m.Value), sliced.Rmse.Select(m => m.Value));
        Assert.Equal(whole.IntervalCoverage.Select(m => m.Value), sliced.IntervalCoverage.Select(m => m.Value));
    }

    private static long Allocated(int series)
    {
        ForecastModel model = TestForecasters.Recursive(hidden: 4);
        using var backend = new CpuLstmBackend(model.Checkpoint.Parameters);
        using var processor = new ForecastProcessor(model, backend, TestForecasters.Settings(3));
        List<Bar> bars = TestForecasters.Btc(5);
        processor.Process([.. bars.SelectMany(bar => Enumerable.Range(0, series).Select(s => new SeriesBar($"S{s}", bar)))], new ForecastCollector());
        ForecastProcessor[] processors = [processor];
        long allocated = long.MaxValue;
        for (int run = 0; run < 4; run++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            GaugeSnapshot snapshot = WalkAll(processors);
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(series, snapshot.ActiveSeries);
            Assert.NotEmpty(snapshot.Rmse);
        }

        return allocated;
    }

    /// <summary>One walk over every row at once (horizon 3, series tags up to 50 series), as the service's slices add up to.</summary>
    private static GaugeSnapshot WalkAll(ForecastProcessor[] processors)
    {
        GaugePass pass = GaugePass.Start(processors, 3, 50);
        pass.Advance(processors, int.MaxValue);
        return pass.Snapshot(0, []);
    }
}
