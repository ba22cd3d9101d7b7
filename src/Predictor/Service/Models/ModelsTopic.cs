using Confluent.Kafka;
using Confluent.Kafka.Admin;
using StreamForecast.Messaging;

namespace StreamForecast.Predictor.Service.Models;

/// <summary>
/// The models topic: one partition (every member reads every record in one order), compacted (each route's newest
/// champion and challenger stay), accepting records of up to <see cref="MaxRecordBytes"/>. Created so when missing.
/// </summary>
internal static class ModelsTopic
{
    /// <summary>The largest record the topic is created to accept (a 2×100 model is about half a megabyte).</summary>
    public const int MaxRecordBytes = 16 << 20;

    /// <returns>Null when the topic is there or was created, else why not (the service goes on: publishing needs it, serving does not).</returns>
    public static string? Ensure(ClientConfig client, string topic, TimeSpan timeout)
    {
        using IAdminClient admin = new AdminClientBuilder(client.ToAdminConfig()).Build();
        try
        {
            if (admin.GetMetadata(topic, timeout).Topics.Any(t => t.Topic == topic && t.Error.Code == ErrorCode.NoError))
            {
                return null;
            }

            admin.CreateTopicsAsync(
                [new TopicSpecification { Name = topic, NumPartitions = 1, ReplicationFactor = -1, Configs = new() { ["cleanup.policy"] = "compact", ["max.message.bytes"] = $"{MaxRecordBytes}" } }],
                new CreateTopicsOptions { RequestTimeout = timeout }).GetAwaiter().GetResult();
            return null;
        }
        catch (CreateTopicsException ex) when (ex.Results.All(r => r.Error.Code == ErrorCode.TopicAlreadyExists))
        {
            return null;
        }
        catch (KafkaException ex)
        {
            return $"the models topic {topic} does not exist and could not be created ({ex.Error.Reason}); create it with 1 partition, cleanup.policy=compact and max.message.bytes={MaxRecordBytes}";
        }
    }
}
