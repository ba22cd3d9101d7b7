using StreamForecast.Engine.Inference;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Store;
using StreamForecast.Forecasting.Tests.Forecasts;

namespace StreamForecast.Forecasting.Tests.Store;

public sealed class SeriesStoreTests
{
    [Fact]
    public void TryAdd_UpToTheLimit_ThenNo_AndAForgottenSeriesSlotIsReusedFresh()
    {
        using var backend = new CpuLstmBackend(TestForecasters.Recursive().Checkpoint.Parameters, workers: 1);
        var layout = new RowLayout(new RowShape(3, 6, 0, 0, false, StreamForecast.Forecasting.Intervals.IntervalMethod.QuantileTracking, 0, 0, 0, 2, 12));
        byte[] template = new byte[layout.Bytes];
        layout.LastTime.At(template) = long.MinValue;
        var store = new SeriesStore(layout, template, backend.CreateState(0), maxSeries: 3);

        Assert.True(store.TryAdd("A", out int a));
        Assert.True(store.TryAdd("B", out int b));
        Assert.True(store.TryAdd("C", out int c));
        Assert.Equal((0, 1, 2), (a, b, c));
        Assert.False(store.TryAdd("D", out _));
        Assert.True(store.TryAdd("B", out int again) && again == b);

        layout.LastTime.At(store.Row(b)) = 42;
        store.MarkDirty(b);
        Assert.True(store.Remove("B"));
        Assert.False(store.InUse(b));
        Assert.False(store.TakeIfDirty(b));
        Assert.True(store.TryAdd("D", out int d));
        Assert.Equal(b, d);
        Assert.Equal("D", store.Name(d));
        Assert.Equal(long.MinValue, layout.LastTime.At(store.Row(d)));
        Assert.Equal(3, store.Count);
    }

    [Fact]
    public void Rows_OfManySeriesAcrossPages_StayApartAndInPlace()
    {
        ForecastModel model = TestForecasters.Recursive(hidden: 4);
        using var backend = new CpuLstmBackend(model.Checkpoint.Parameters, workers: 1);
        using var processor = new ForecastProcessor(model, backend, TestForecasters.Settings(2));
        SeriesStore store = processor.Store;
        const int series = 5000;
        for (int s = 0; s < series; s++)
        {
            Assert.True(store.TryAdd($"S{s}", out int slot));
            store.Layout.LastTime.At(store.Row(slot)) = s;
        }

        for (int s = 0; s < series; s++)
        {
            Assert.True(store.TryGet($"S{s}", out int slot));
            Assert.Equal(s, store.Layout.LastTime.At(store.Row(slot)));
        }
    }

    [Fact]
    public void TryRestore_CopiesTheRowAndLstmState_ClearsTheFlags_AndTakesTheLastTimeAsAccepted()
    {
        ForecastModel model = TestForecasters.Recursive(hidden: 4);
        using var backend = new CpuLstmBackend(model.Checkpoint.Parameters, workers: 1);
        using var from = new ForecastProcessor(model, backend, TestForecasters.Settings(2));
        using var to = new ForecastProcessor(model, backend, TestForecasters.Settings(2));
        from.Process([.. TestForecasters.Btc(30).Select(bar => new SeriesBar("S", bar))], new ForecastCollector());
        from.Store.TryGet("S", out int slot);
        from.Store.MarkDirty(slot);
        RowLayout layout = from.Store.Layout;
        byte[] row = new byte[layout.Bytes];
        float[] h = new float[8], c = new float[8];
        from.Store.CopyOut(slot, row, h, c);

        Assert.True(to.Store.TryRestore("S", row, h, c, out int restored));
        Span<byte> copy = to.Store.Row(restored);
        Assert.Equal(0, layout.Flags.At(copy));
        Assert.Equal(layout.LastTime.At(copy), layout.AcceptedTime.At(copy));
        Assert.Equal(layout.Squared.In(row).ToArray(), layout.Squared.In(copy).ToArray());
        float[] h2 = new float[8], c2 = new float[8];
        to.Store.Lstm.CopyTo(restored, h2, c2);
        Assert.Equal(h, h2);
        Assert.Equal(c, c2);
        Assert.False(to.Store.TakeIfDirty(restored));
    }
}
