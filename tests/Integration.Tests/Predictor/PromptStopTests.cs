using System.Diagnostics;
using Confluent.Kafka;
using StreamForecast.Forecasting.Tests.Forecasts;
using StreamForecast.Predictor.Service;

namespace StreamForecast.Integration.Tests.Predictor;

/// <summary>A stop is prompt in every phase: here while no broker answers at start (the chart gives SIGTERM 30 s).</summary>
public sealed class PromptStopTests
{
    [Theory]
    [InlineData(0.3)]
    [InlineData(1.5)]
    [InlineData(4)]
    public void Stop_WhileNoBrokerAnswersAtStart_TakesUnderTwoSeconds(double after)
    {
        var settings = new ServeSettings(new ClientConfig { BootstrapServers = "127.0.0.1:9" }, new PredictorOptions { Group = "no-broker" });
        using PredictorHost host = PredictorHost.Start(settings, ServedModels.Single(TestForecasters.Recursive()));
        Thread.Sleep(TimeSpan.FromSeconds(after));

        var stopping = Stopwatch.StartNew();
        host.Stop();

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(2), $"stopped {after} s after start took {stopping.Elapsed.TotalSeconds:F1} s");
    }
}
