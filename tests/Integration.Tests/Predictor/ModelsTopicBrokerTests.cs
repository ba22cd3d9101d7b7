using System.Text;
using Confluent.Kafka;
using StreamForecast.Contracts;
using StreamForecast.Forecasting.Tests.Forecasts;
using StreamForecast.Messaging;
using StreamForecast.Predictor.Service;

namespace StreamForecast.Integration.Tests.Predictor;

/// <summary>A cluster without the models topic (one the service may not create): the routes keep their models and the bars are served.</summary>
public sealed class ModelsTopicBrokerTests : IDisposable
{
    private readonly MockCluster _cluster = new(1);

    public ModelsTopicBrokerTests() => _cluster.CreateStreamTopics(2);

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public void Service_WithoutItsModelsTopic_ServesTheCommandLinesModels()
    {
        var client = new ClientConfig { BootstrapServers = _cluster.BootstrapServers, TopicMetadataRefreshIntervalMs = 1000 };
        var options = new PredictorOptions { Group = "no-models", GaugeInterval = TimeSpan.Zero, ModelsTopic = "nobody.made.this" };
        using var predictions = new TopicReader(_cluster.BootstrapServers, TopicNames.Predictions, partitions: 2);
        using PredictorHost host = PredictorHost.Start(new ServeSettings(client, options), ServedModels.Single(TestForecasters.Recursive()));
        using (IProducer<string, byte[]> producer = new ProducerBuilder<string, byte[]>(client.ToProducerConfig()).Build())
        {
            for (int minute = 0; minute < 5; minute++)
            {
                int close = 10 + minute;
                string bar = $"{{\"series\":\"X\",\"timestamp\":{minute * 60},\"open\":{close},\"high\":{close + 1},\"low\":{close - 1},\"close\":{close},\"volume\":1,\"schemaVersion\":1}}";
                producer.Produce(TopicNames.Bars, new Message<string, byte[]> { Key = "X", Value = Encoding.UTF8.GetBytes(bar) });
            }

            producer.Flush(TimeSpan.FromSeconds(10));
        }

        Assert.True(predictions.WaitFor(n => n >= 4, TimeSpan.FromSeconds(30)), $"{predictions.Messages.Count} predictions; stopped: {host.Service.StopReason}");
        Assert.Null(host.Service.StopReason);
    }
}
