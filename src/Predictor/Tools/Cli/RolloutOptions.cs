using System.CommandLine;
using Microsoft.Extensions.Configuration;
using StreamForecast.Contracts;
using StreamForecast.Forecasting.Rollout;
using StreamForecast.Messaging;
using StreamForecast.Predictor.Service.Models;
using StreamForecast.Predictor.Tools.Rollout;

namespace StreamForecast.Predictor.Tools.Cli;

/// <summary>What every <c>model publish/promote/retire/list</c> command takes: the broker, the topics, and minutes given as ISO or <c>next</c>.</summary>
internal sealed class RolloutOptions
{
    private readonly KafkaOptions _kafka = new();

    public Option<string> ModelsTopic { get; } = new("--models-topic") { Description = "The models topic.", DefaultValueFactory = _ => TopicNames.Models };

    public Option<string> BarsTopic { get; } = new("--bars-topic") { Description = "The bars topic ('next' is the minute after its newest bar).", DefaultValueFactory = _ => TopicNames.Bars };

    public void AddTo(Command command)
    {
        _kafka.AddTo(command);
        command.Options.Add(ModelsTopic);
        command.Options.Add(BarsTopic);
    }

    /// <summary>The client: the command line's settings over the environment's (<c>Kafka__sasl.password</c> and the like, as a Kubernetes Secret gives them).</summary>
    public ModelsTopicClient Client(ParseResult result) =>
        new(_kafka.ReachableClient(result, new ConfigurationBuilder().AddEnvironmentVariables().Build()), result.GetValue(ModelsTopic)!);

    /// <summary>A minute given as ISO, or <c>next</c>: the minute after the newest bar on the bars topic (after the clock's minute when it holds none).</summary>
    public long Minute(ParseResult result, ModelsTopicClient client, string text, string option)
    {
        if (!text.Equals("next", StringComparison.OrdinalIgnoreCase))
        {
            return RolloutMinute.Parse(text, option);
        }

        long now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        return (client.LatestBar(result.GetValue(BarsTopic)!) ?? (now - (now % 60))) + 60;
    }

    /// <summary>The route's champion on the topic; <c>default</c> always exists (a service's <c>--model</c>); any other route must have been published.</summary>
    public static void RequireRoute(Dictionary<string, ModelRecord> records, string route, string topic)
    {
        if (route != ServedRoute.Default && !records.ContainsKey(ModelRecord.KeyOf(route, ModelHeader.Champion)))
        {
            string known = string.Join(", ", records.Values.Where(r => r.Header.Role == ModelHeader.Champion).Select(r => r.Header.Route).Prepend(ServedRoute.Default).Distinct());
            throw new ArgumentException($"no route {route} on {topic} (routes: {known}): publish its champion first (./stream predictor model publish FILE --route {route} --series NAME…)");
        }
    }

    public static string By() => $"{Environment.UserName}@{Environment.MachineName}";

    public static string Now() => RolloutMinute.Format(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() / 60 * 60);
}
