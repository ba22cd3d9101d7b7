using System.Diagnostics;
using StreamForecast.Engine.Inference;
using StreamForecast.Forecasting.Baselines;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Preprocessing;

namespace StreamForecast.Predictor.Tools.Benchmarks;

/// <summary>
/// The backtest path on one month of 24/7 minute bars (43,200, a seeded random walk) with K = 10:
/// differencing, scaling, LSTM steps, recursive rollouts, five baselines and scoring. File reading and
/// report writing are not included (the CLI prints those separately).
/// </summary>
internal static class BacktestBenchmark
{
    public const int Bars = 43_200;

    /// <returns>Seconds for the month (the best of three runs).</returns>
    public static double Month()
    {
        ForecastModel model = BenchModel.Textbook();
        SeriesBar[] bars = [.. BenchModel.RandomWalk(Bars, seed: 5).Select(bar => new SeriesBar("BENCH", bar))];

        double best = double.MaxValue;
        using var backend = new CpuLstmBackend(model.Checkpoint.Parameters);
        for (int run = 0; run < 3; run++)
        {
            using var processor = new ForecastProcessor(model, backend, new ForecastSettings(10, GapPolicy.Default, BaselineSettings.Default));
            var forecasts = new ForecastCollector();
            long start = Stopwatch.GetTimestamp();
            processor.Process(bars, forecasts);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        return best;
    }
}
