using StreamForecast.Forecasting.Intervals;

namespace StreamForecast.Forecasting.Tests.Intervals;

public sealed class PendingWidthsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(10)]
    [InlineData(17)]
    public void Index_ForecastsStillPendingAtAnyMinute_NeverShareAPlace(int horizon)
    {
        const int chains = 3;
        Assert.Equal(horizon * (horizon + 1) / 2, PendingWidths.PerChain(horizon));
        for (long now = -40; now < 40; now++)
        {
            // Pending at `now`: made at now - j for j = 0..K-1, each still waiting for its horizons h > j.
            var places = new HashSet<int>();
            for (int chain = 0; chain < chains; chain++)
            {
                for (int j = 0; j < horizon; j++)
                {
                    for (int h = j + 1; h <= horizon; h++)
                    {
                        int place = PendingWidths.Index(chain, h, now - j, horizon);
                        Assert.InRange(place, 0, (chains * PendingWidths.PerChain(horizon)) - 1);
                        Assert.True(places.Add(place), $"K = {horizon}, minute {now - j}, h = {h}: place {place} taken");
                    }
                }
            }
        }
    }
}
