using StreamForecast.Forecasting.Preprocessing;

namespace StreamForecast.Forecasting.Tests.Preprocessing;

public sealed class FlowScalerTests
{
    [Fact]
    public void MinMax_FittedFlows_MapToMinusOneOneAndBack()
    {
        var scaler = MinMaxFlowScaler.Fit([-3.0, 1.0, 5.0]);

        Assert.Equal(-1f, scaler.Scale(-3, 0));
        Assert.Equal(1f, scaler.Scale(5, 0));
        Assert.Equal(0f, scaler.Scale(1, 0));
        Assert.Equal(2.5, scaler.Unscale(scaler.Scale(2.5, 0), 0), 6);
        Assert.Equal(0.25, scaler.Factor(0));
    }

    [Fact]
    public void MinMax_ConstantFlows_CannotBeFitted() =>
        Assert.Throws<ArgumentException>(() => MinMaxFlowScaler.Fit([1.0, 1.0]));

    [Fact]
    public void Adaptive_ScaleUsesOnlyEarlierFlows_AndOutliersAreWinsorised()
    {
        var scaler = new AdaptiveFlowScaler(halfLifeMinutes: 10, multiplier: 4, initialScale: 1);
        double state = scaler.InitialState;

        float first = scaler.Scale(8, state);
        state = scaler.Observe(state, 8);
        double afterNormal = state;
        state = scaler.Observe(state, 1e9);

        Assert.Equal(2f, first);
        Assert.True(afterNormal > 1 && afterNormal < 8);
        Assert.True(state <= afterNormal * 2, "one outlier moves the scale by at most the winsorised step");
        Assert.Equal(3.0, scaler.Unscale(scaler.Scale(3, state), state), 6);
    }

    [Fact]
    public void Adaptive_ForAnySeries_LearnsEachSeriesScaleFromItsFirstFlow_SoPriceLevelsDoNotMatter()
    {
        var scaler = AdaptiveFlowScaler.ForAnySeries();
        double[] btc = [0, 2.5, -1.0, 4.0, 0.5], stock = [.. btc.Select(f => f * 0.49 / 2500)];
        double a = scaler.InitialState, b = scaler.InitialState;

        Assert.Equal(0, a);
        Assert.Equal(0f, scaler.Scale(3, a));
        Assert.Equal(0, scaler.Factor(a));
        for (int i = 0; i < btc.Length; i++)
        {
            Assert.Equal(scaler.Scale(btc[i], a), scaler.Scale(stock[i], b), 5);
            a = scaler.Observe(a, btc[i]);
            b = scaler.Observe(b, stock[i]);
        }

        Assert.True(a > 0 && b > 0);
        Assert.Equal(a * 0.49 / 2500, b, 12);
        Assert.True(FlowScaler.FromMetadata(Metadata(scaler), "t") is AdaptiveFlowScaler { PerSeries: true });
    }

    private static Dictionary<string, string> Metadata(FlowScaler scaler)
    {
        var metadata = new Dictionary<string, string>();
        scaler.WriteMetadata(metadata);
        return metadata;
    }

    [Fact]
    public void Metadata_RoundTripsBothScalers()
    {
        foreach (FlowScaler scaler in new FlowScaler[] { new MinMaxFlowScaler(-2, 3), new AdaptiveFlowScaler(1440, 4, 0.5) })
        {
            var metadata = new Dictionary<string, string>();
            scaler.WriteMetadata(metadata);

            FlowScaler loaded = FlowScaler.FromMetadata(metadata, "test");

            Assert.Equal(scaler.Scale(0.7, scaler.InitialState), loaded.Scale(0.7, loaded.InitialState));
            Assert.Equal(scaler.Kind, loaded.Kind);
        }
    }
}
