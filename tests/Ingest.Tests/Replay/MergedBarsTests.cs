using StreamForecast.Ingest.Replay;
using StreamForecast.MarketData;

namespace StreamForecast.Ingest.Tests.Replay;

public sealed class MergedBarsTests
{
    [Fact]
    public void Merge_SeveralSeries_InTimeOrderWithTiesInInputOrder()
    {
        static IEnumerable<Bar> At(params long[] minutes) => minutes.Select(m => new Bar(m * 60, 1, 1, 1, 1, 0));

        var merged = MergedBars.Merge([("A", At(0, 2, 3)), ("B", At(1, 2)), ("C", At())]).Select(b => $"{b.Series}{b.Timestamp / 60}");

        Assert.Equal(["A0", "B1", "A2", "B2", "A3"], merged);
    }
}
