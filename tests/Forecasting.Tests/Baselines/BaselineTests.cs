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
        foreach (IBaseline baseline in baselines)
        {
            baseline.Reset(previous);
        }

        Span<double> forecast = stackalloc double[horizon];
        foreach (double[] row in rows)
        {
            double close = row[1];
            foreach (IBaseline baseline in baselines)
            {
                baseline.Observe(close, close - previous);
                baseline.Forecast(close, forecast);
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
            baseline.Reset(100);
            baseline.Observe(105, 5);
            baseline.Forecast(105, fresh);

            baseline.Reset(50);
            baseline.Observe(40, -10);
            baseline.Observe(45, 5);
            baseline.Reset(100);
            baseline.Observe(105, 5);
            baseline.Forecast(105, reset);

            Assert.True(fresh.SequenceEqual(reset), baseline.Name);
        }
    }
}
