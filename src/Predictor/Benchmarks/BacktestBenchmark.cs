using System.Diagnostics;
using StreamForecast.Engine;
using StreamForecast.Engine.Checkpoints;
using StreamForecast.Engine.Inference;
using StreamForecast.MarketData;
using StreamForecast.Predictor.Baselines;
using StreamForecast.Predictor.Forecasting;
using StreamForecast.Predictor.Preprocessing;

namespace StreamForecast.Predictor.Benchmarks;

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
        var metadata = new Dictionary<string, string> { [ForecastModel.StrategyKey] = "recursive", [ForecastModel.HorizonKey] = "1" };
        new MinMaxFlowScaler(-5, 5).WriteMetadata(metadata);
        var checkpoint = new LstmCheckpoint(LstmParameters.Initialize(EngineBenchmark.Textbook, HeadActivation.Tanh, seed: 1), metadata);
        ForecastModel model = ForecastModel.FromCheckpoint("bench", checkpoint, "bench");
        var random = new Random(5);
        double close = 2500;
        var bars = new SeriesBar[Bars];
        for (int i = 0; i < Bars; i++)
        {
            double next = close + ((random.NextDouble() - 0.5) * 4);
            bars[i] = new SeriesBar("BENCH", new Bar(1_496_275_200L + (i * 60L), close, Math.Max(close, next) + 0.5, Math.Min(close, next) - 0.5, next, 1));
            close = next;
        }

        double best = double.MaxValue;
        using var backend = new CpuLstmBackend(checkpoint.Parameters);
        for (int run = 0; run < 3; run++)
        {
            using var processor = new ForecastProcessor(model, backend, new ForecastSettings(10, GapPolicy.Default, BaselineSettings.Default));
            var forecasts = new List<Forecast>(Bars);
            long start = Stopwatch.GetTimestamp();
            processor.Process(bars, forecasts);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        return best;
    }
}
