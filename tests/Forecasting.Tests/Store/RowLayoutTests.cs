using StreamForecast.Forecasting.Intervals;
using StreamForecast.Forecasting.Store;

namespace StreamForecast.Forecasting.Tests.Store;

public sealed class RowLayoutTests
{
    [Theory]
    [InlineData(1, false, 2, 2, 0, true)]
    [InlineData(10, false, 2, 2, 0, false)]
    [InlineData(10, true, 2, 2, 500, false)]
    [InlineData(7, false, 0, 0, 0, true)]
    [InlineData(120, true, 6, 3, 5, true)]
    public void Fields_AreAlignedApartAndInsideTheRow(int horizon, bool aci, int models, int levels, int window, bool scalerState)
    {
        IntervalMethod method = aci ? IntervalMethod.Aci : IntervalMethod.QuantileTracking;
        var layout = new RowLayout(new RowShape(horizon, 6, 34, 5, scalerState, method, models, levels, window, 2, 100));

        Assert.Equal(0, layout.Bytes % 8);
        int end = 0;
        foreach (RowFieldInfo field in layout.Fields)
        {
            int size = field.Type is "i64" or "f64" ? 8 : 4;
            Assert.Equal(0, field.Offset % size);
            Assert.True(field.Offset >= end, $"{field.Name} overlaps the field before it");
            Assert.Equal(field.Count * size, field.Bytes);
            end = field.Offset + field.Bytes;
        }

        Assert.True(end <= layout.Bytes);
        Assert.True(layout.Bytes - end < 8);
        Assert.Equal(layout.Bytes + (2 * 4 * 2 * 100), layout.BytesWithLstm);
        Assert.Equal(scalerState ? layout.Shape.Pending : 0, layout.PendingScaler.Count);
        Assert.Equal(method == IntervalMethod.Aci ? models * horizon * window : 0, layout.Window.Count);
    }

    [Fact]
    public void Shape_GoesThroughItsNumbersAndBack_AndAbsurdNumbersAreRefused()
    {
        var shape = new RowShape(10, 6, 34, 5, true, IntervalMethod.Aci, 2, 2, 500, 2, 100);
        Assert.Equal(shape, RowShape.FromArray(shape.ToArray()));
        long[] absurd = shape.ToArray();
        absurd[0] = 1_000_000;
        Assert.Throws<InvalidDataException>(() => RowShape.FromArray(absurd));
        Assert.Throws<InvalidDataException>(() => RowShape.FromArray(absurd.AsSpan(0, 5)));
    }
}
