using StreamForecast.Predictor.Service;

namespace StreamForecast.Predictor.Tests.Service;

public sealed class SeriesAllowListTests
{
    [Fact]
    public void Allows_NamesAndPatterns_AndEverythingWhenEmpty()
    {
        SeriesAllowList list = SeriesAllowList.Parse(" BTC-USD , EUR/* ,A?C");

        Assert.True(list.Allows("BTC-USD"));
        Assert.True(list.Allows("EUR/USD"));
        Assert.True(list.Allows("ABC"));
        Assert.False(list.Allows("BTC-EUR"));
        Assert.False(list.Allows("XEUR/USD"));
        Assert.False(list.Allows("ABBC"));
        Assert.True(SeriesAllowList.Parse("").Allows("anything"));
    }
}
