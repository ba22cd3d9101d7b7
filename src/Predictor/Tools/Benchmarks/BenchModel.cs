using StreamForecast.Engine;
using StreamForecast.Engine.Checkpoints;
using StreamForecast.MarketData;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Preprocessing;

namespace StreamForecast.Predictor.Tools.Benchmarks;

/// <summary>What the benchmarks forecast with: the textbook model (seeded weights) and seeded random walks.</summary>
internal static class BenchModel
{
    public const long Start = 1_496_275_200L;

    /// <summary>The textbook 1 → 2 × 100 → 1 tanh model, a min-max scaler over ±5, recursive.</summary>
    public static ForecastModel Textbook()
    {
        var metadata = new Dictionary<string, string> { [ForecastModel.StrategyKey] = "recursive", [ForecastModel.HorizonKey] = "1" };
        new MinMaxFlowScaler(-5, 5).WriteMetadata(metadata);
        var checkpoint = new LstmCheckpoint(LstmParameters.Initialize(EngineBenchmark.Textbook, HeadActivation.Tanh, seed: 1), metadata);
        return ForecastModel.FromCheckpoint("bench", checkpoint, "bench");
    }

    /// <summary>The same network with a head of K = 10, direct: one step gives all ten forecasts.</summary>
    public static ForecastModel TextbookDirect()
    {
        var metadata = new Dictionary<string, string> { [ForecastModel.StrategyKey] = "direct", [ForecastModel.HorizonKey] = "10" };
        new MinMaxFlowScaler(-5, 5).WriteMetadata(metadata);
        var checkpoint = new LstmCheckpoint(LstmParameters.Initialize(EngineBenchmark.Textbook with { OutputSize = 10 }, HeadActivation.Tanh, seed: 1), metadata);
        return ForecastModel.FromCheckpoint("bench-direct", checkpoint, "bench-direct");
    }

    /// <summary>A random walk of consecutive minutes from <see cref="Start"/>.</summary>
    public static Bar[] RandomWalk(int bars, int seed, double start = 2500)
    {
        var random = new Random(seed);
        double close = start;
        var walk = new Bar[bars];
        for (int i = 0; i < bars; i++)
        {
            double next = close + ((random.NextDouble() - 0.5) * 4);
            walk[i] = new Bar(Start + (i * 60L), close, Math.Max(close, next) + 0.5, Math.Min(close, next) - 0.5, next, 1);
            close = next;
        }

        return walk;
    }
}
