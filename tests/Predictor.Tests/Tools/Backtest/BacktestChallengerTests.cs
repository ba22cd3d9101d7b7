using System.Text.Json;
using StreamForecast.Contracts;
using StreamForecast.Engine.Inference;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Rollout;
using StreamForecast.Forecasting.Tests;
using StreamForecast.MarketData;
using StreamForecast.Predictor.Service;
using StreamForecast.Predictor.Service.Outputs;
using StreamForecast.Predictor.Tools.Backtest;

namespace StreamForecast.Predictor.Tests.Tools.Backtest;

public sealed class BacktestChallengerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("stream-challenger-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Backtest_WithAChallenger_EmitsExactlyThePredictionsTheServiceMustPublish_ServedAndInShadow()
    {
        ForecastModel champion = ForecastModel.Load(Path.Combine(Fixtures.RepositoryRoot(), "models", "btcusd-lstm-2x100.safetensors"));
        ForecastModel challenger = ForecastModel.Load(Path.Combine(Fixtures.RepositoryRoot(), "models", "global-lstm-2x100.safetensors"));
        var plan = new ChallengerPlan(RolloutMinute.Parse("2017-06-21T04:00", "start"), RolloutMinute.Parse("2017-06-21T09:00", "promote"));
        DateRange day = DateRange.Parse("2017-06-21", "2017-06-21");
        var serve = new ServeSettings(new Confluent.Kafka.ClientConfig(), new PredictorOptions());
        using var backend = new CpuLstmBackend(champion.Checkpoint.Parameters);

        BacktestResult run = Backtester.Run(champion, backend, Reader(day), "BTC-USD", "d", "d", serve.Forecast, new Challenge(challenger, plan));
        var expected = ExpectedRecords.For(ServedModels.Single(champion), serve, [("BTC-USD", Reader(day).Read())], new Dictionary<string, Challenge> { ["BTC-USD"] = new(challenger, plan) });

        var served = run.Forecasts.ToDictionary(f => f.AsOf, f => Json(f, f.AsOf < plan.PromoteAt ? champion : challenger, serve));
        var shadowed = run.Shadowed.ToDictionary(f => f.AsOf, f => Json(f, challenger, serve));
        Assert.Equal(Predictions(expected, TopicNames.Predictions), served);
        Assert.Equal(Predictions(expected, TopicNames.ChallengerPredictions), shadowed);
        Assert.All(run.Shadowed, f => Assert.InRange(f.AsOf, plan.StartAt, plan.PromoteAt!.Value - 1));
        Assert.Contains(run.Forecasts, f => f.AsOf == plan.PromoteAt);

        string csv = Path.Combine(_directory, "predictions.csv");
        PredictionsCsv.Write(csv, run.Forecasts, run.Actuals, run.Intervals, run.Shadowed);
        Assert.Equal(run.Shadowed.Count * serve.Forecast.Horizon, File.ReadLines(csv).Count(line => line.Split(',')[2] == PredictionsCsv.Challenger));
    }

    private static BarReader Reader(DateRange day) => new(Fixtures.Data("btcusd-gdax-1m-2017-06-19_25.csv.gz"), range: day);

    private static string Json(Forecast forecast, ForecastModel model, ServeSettings serve) =>
        Convert.ToHexString(JsonSerializer.SerializeToUtf8Bytes(OutputRecords.ToPrediction(forecast, model, serve.Forecast.Intervals), ContractsJson.Default.Prediction));

    private static Dictionary<long, string> Predictions(Dictionary<(string Topic, string Key, long AsOf), byte[]> expected, string topic) =>
        expected.Where(pair => pair.Key.Topic == topic).ToDictionary(pair => pair.Key.AsOf, pair => Convert.ToHexString(pair.Value));
}
