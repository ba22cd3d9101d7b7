using System.Globalization;
using StreamForecast.Forecasting.Baselines;

namespace StreamForecast.Forecasting.Tests.Baselines;

/// <summary>Every baseline against statsmodels / pandas (tools/golden/generate_baseline_fixtures.py).</summary>
public sealed class BaselineTests
{
    [Fact]
    public void Forecast_FirstSixHundredBtcBars_MatchStatsmodels()
    {
        string[] lines = File.ReadAllLines(Fixtures.PathOf("baselines", "btc.csv"));
        string[] header = lines[0].Split(',');
        double[][] rows = [.. lines.Skip(1).Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())];
        const int horizon = 5;

        // The fixture starts at bar 1; bar 0's close follows from drift_1 = c1 + (c1 - c0).
        double previous = (2 * rows[0][1]) - rows[0][Array.IndexOf(header, "drift_1")];
        IBaseline[] baselines = BaselineSettings.Default.Create();
        double[][] states = [.. baselines.Select(b => new double[b.StateSize])];
        for (int b = 0; b < baselines.Length; b++)
        {
            baselines[b].Reset(states[b], previous);
        }

        Span<double> forecast = stackalloc double[horizon];
        foreach (double[] row in rows)
        {
            double close = row[1];
            for (int b = 0; b < baselines.Length; b++)
            {
                IBaseline baseline = baselines[b];
                baseline.Observe(states[b], close, close - previous);
                baseline.Forecast(states[b], close, forecast);
                int column = Array.IndexOf(header, $"{baseline.Name}_1");
                Assert.True(column > 0, $"{baseline.Name} missing from the fixture");
                for (int h = 0; h < horizon; h++)
                {
                    Assert.True(
                        Math.Abs(forecast[h] - row[column + h]) <= 1e-9 * Math.Abs(row[column + h]),
                        $"{baseline.Name} t={row[0]} h={h + 1}: {forecast[h]:R} vs statsmodels {row[column + h]:R}");
                }
            }

            previous = close;
        }
    }

    [Fact]
    public void Reset_ForgetsTheHistory()
    {
        IBaseline[] baselines = BaselineSettings.Default.Create();
        Span<double> fresh = stackalloc double[3], reset = stackalloc double[3];
        foreach (IBaseline baseline in baselines)
        {
            double[] state = new double[baseline.StateSize];
            baseline.Reset(state, 100);
            baseline.Observe(state, 105, 5);
            baseline.Forecast(state, 105, fresh);

            baseline.Reset(state, 50);
            baseline.Observe(state, 40, -10);
            baseline.Observe(state, 45, 5);
            baseline.Reset(state, 100);
            baseline.Observe(state, 105, 5);
            baseline.Forecast(state, 105, reset);

            Assert.True(fresh.SequenceEqual(reset), baseline.Name);
        }
    }

    [Fact]
    public void LineUp_StateAndParameters_AreEachBaselinesOwnPartsInReportOrder()
    {
        var lineUp = new BaselineLineUp(BaselineSettings.Default);
        IBaseline[] baselines = BaselineSettings.Default.Create();
        Assert.Equal(baselines.Sum(b => b.StateSize), lineUp.StateSize);
        Assert.Equal(baselines.Sum(b => b.ParameterCount), lineUp.ParameterCount);

        double[] state = new double[lineUp.StateSize], parameters = new double[lineUp.ParameterCount];
        lineUp.Reset(state, 100);
        foreach (double close in new[] { 101.0, 99.5, 102.25, 103 })
        {
            lineUp.Observe(state, close, close - 100);
        }

        lineUp.Parameters(state, 103, parameters);
        int at = 0;
        for (int b = 0; b < baselines.Length; b++)
        {
            // Each baseline alone, over its own state, gives the line the line-up gives.
            double[] own = new double[baselines[b].StateSize], ownParameters = new double[baselines[b].ParameterCount];
            baselines[b].Reset(own, 100);
            foreach (double close in new[] { 101.0, 99.5, 102.25, 103 })
            {
                baselines[b].Observe(own, close, close - 100);
            }

            baselines[b].Parameters(own, 103, ownParameters);
            Assert.Equal(ownParameters, parameters[at..(at + ownParameters.Length)]);
            Assert.Equal(baselines[b].Line(ownParameters, 103), lineUp.Line(b, parameters, 103));
            at += ownParameters.Length;
        }
    }
}
