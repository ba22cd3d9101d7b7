using StreamForecast.Forecasting.Preprocessing;

namespace StreamForecast.Forecasting.Tests.Preprocessing;

public sealed class FlowDifferencerTests
{
    [Fact]
    public void Next_ZeroFill_FillsShortGapsAndResetsAfterLongOnes()
    {
        var differencer = new FlowDifferencer(new GapPolicy(GapMode.ZeroFill, 30));

        Assert.Equal(new FlowStep(true, 0, 0, double.NaN), differencer.Next(0, 10));
        Assert.Equal(new FlowStep(false, 0, 0, 2), differencer.Next(60, 12));
        Assert.Equal(new FlowStep(false, 3, 3, -1), differencer.Next(300, 11));
        Assert.Equal(new FlowStep(false, 30, 30, 1), differencer.Next(300 + (31 * 60), 12));
        Assert.Equal(new FlowStep(true, 0, 2879, double.NaN), differencer.Next(300 + (31 * 60) + (2880 * 60), 13));
    }

    [Fact]
    public void Next_ResetMode_StepsOverShortGapsWithoutFilling()
    {
        var differencer = new FlowDifferencer(new GapPolicy(GapMode.Reset, 5));
        differencer.Next(0, 10);

        Assert.Equal(new FlowStep(false, 0, 4, 1), differencer.Next(300, 11));
        Assert.True(differencer.Next(300 + (7 * 60), 11).Reset);
    }

    [Fact]
    public void Next_ContinueMode_NeverResets()
    {
        var differencer = new FlowDifferencer(new GapPolicy(GapMode.Continue, 0));
        differencer.Next(0, 10);

        Assert.Equal(new FlowStep(false, 0, 2879, 5), differencer.Next(2880 * 60, 15));
    }

    [Fact]
    public void Next_TimeGoesBack_Throws()
    {
        var differencer = new FlowDifferencer(GapPolicy.Default);
        differencer.Next(120, 1);

        Assert.Throws<InvalidDataException>(() => differencer.Next(60, 1));
    }
}
