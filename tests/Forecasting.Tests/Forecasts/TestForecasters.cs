using StreamForecast.Engine;
using StreamForecast.Engine.Checkpoints;
using StreamForecast.Engine.Inference;
using StreamForecast.MarketData;
using StreamForecast.Forecasting.Baselines;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Preprocessing;

namespace StreamForecast.Forecasting.Tests.Forecasts;

/// <summary>Small forecasters and real bars for processor tests.</summary>
internal static class TestForecasters
{
    public static ForecastModel Recursive(int hidden = 12, int seed = 3) => Create(new LstmShape(1, hidden, 2, 1), "recursive", 1, seed);

    public static ForecastModel Direct(int horizon, int seed = 4) => Create(new LstmShape(1, 10, 2, horizon), "direct", horizon, seed);

    public static ForecastModel Create(LstmShape shape, string strategy, int horizon, int seed)
    {
        var parameters = LstmParameters.Initialize(shape, HeadActivation.Tanh, seed);
        var metadata = new Dictionary<string, string> { ["strategy"] = strategy, ["horizon"] = horizon.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        new MinMaxFlowScaler(-5, 5).WriteMetadata(metadata);
        return ForecastModel.FromCheckpoint("test", new LstmCheckpoint(parameters, metadata), "test");
    }

    public static ForecastSettings Settings(int horizon, int maxBatch = 1024) => new(horizon, GapPolicy.Default, BaselineSettings.Default, maxBatch);

    /// <summary>The first <paramref name="count"/> bundled BTC-USD bars (they include real gaps).</summary>
    public static List<Bar> Btc(int count) =>
        [.. new BarReader(Fixtures.Data("btcusd-gdax-1m-2017-06-19_25.csv.gz")).Read().Take(count)];

    public static List<Forecast> Run(ForecastModel model, IEnumerable<SeriesBar> bars, ForecastSettings settings, ScoreList? scores = null, int callSize = int.MaxValue)
    {
        using var backend = new CpuLstmBackend(model.Checkpoint.Parameters, workers: 2);
        using var processor = new ForecastProcessor(model, backend, settings);
        var outputs = new ForecastCollector(scores: scores is not null);
        foreach (SeriesBar[] call in bars.Chunk(Math.Min(callSize, 100_000)))
        {
            processor.Process(call, outputs);
            scores?.Collect(outputs.Scores);
        }

        return outputs.Forecasts;
    }
}
