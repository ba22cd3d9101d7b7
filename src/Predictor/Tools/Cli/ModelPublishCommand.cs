using System.CommandLine;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Rollout;
using StreamForecast.Predictor.Service.Models;
using StreamForecast.Predictor.Tools.Rollout;

namespace StreamForecast.Predictor.Tools.Cli;

/// <summary>
/// <c>model publish FILE --route R [--series P…] [--challenger [--start-at ISO|next] [--promote-at ISO|next]]</c>: puts a
/// checkpoint on the models topic as a route's champion, or as its challenger in shadow. A challenger whose promotion
/// minute has passed is first published as the route's champion, so the route's record says what serves.
/// </summary>
internal static class ModelPublishCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A checkpoint made by train." };
        var route = new Option<string>("--route") { Description = "The route: 'default' (every series no other route names), or a name for a set of series.", Required = true };
        var series = new Option<string[]>("--series") { Description = "The route's series: names or patterns with * and ? (repeatable; default: the route's own, or its name for a new route)." };
        var challenger = new Option<bool>("--challenger") { Description = "Publish as the route's challenger, in shadow beside its champion." };
        var startAt = new Option<string>("--start-at") { Description = "The challenger's first minute: ISO (UTC unless offset) or 'next'.", DefaultValueFactory = _ => "next" };
        var promoteAt = new Option<string?>("--promote-at") { Description = "The minute the challenger starts serving: ISO or 'next' (default: it stays in shadow)." };
        var maxBytes = new Option<int>("--max-bytes") { Description = "The largest record to send (the topic's max.message.bytes).", DefaultValueFactory = _ => ModelsTopic.MaxRecordBytes };
        var options = new RolloutOptions();
        var command = new Command("publish", "Publishes a model to the models topic: a route's champion, or its challenger (--challenger).")
        {
            file, route, series, challenger, startAt, promoteAt, maxBytes,
        };
        options.AddTo(command);
        command.SetAction(result => CommandErrors.Run(() =>
        {
            string path = result.GetValue(file)!.FullName;
            ForecastModel model = ForecastModel.Load(path);
            byte[] bytes = File.ReadAllBytes(path);
            string name = result.GetValue(route)!;
            ModelsTopicClient client = options.Client(result);
            Dictionary<string, ModelRecord> records = client.Read();
            string digest = ModelRecord.Digest(bytes);
            var header = new ModelHeader(
                ModelHeader.CurrentFormat, name, result.GetValue(series) ?? [], ModelHeader.Champion, model.Id, digest, null, null, RolloutOptions.By(), RolloutOptions.Now());
            if (!result.GetValue(challenger))
            {
                if (result.GetValue(promoteAt) is not null || result.GetResult(startAt) is { Implicit: false })
                {
                    throw new ArgumentException("--start-at and --promote-at are a challenger's: add --challenger");
                }

                client.Publish(ModelRecord.KeyOf(name, ModelHeader.Champion), new ModelRecord(header, bytes).Encode(), result.GetValue(maxBytes));
                Console.WriteLine($"published {name}/champion: {model.Id} ({digest}, {bytes.Length:N0} bytes)");
                return;
            }

            Challenger(options, result, client, records, header, bytes, result.GetValue(startAt)!, result.GetValue(promoteAt), result.GetValue(maxBytes));
        }));
        return command;
    }

    /// <summary>Publishes <paramref name="bytes"/> as the route's challenger (a challenger already promoted first becoming its champion).</summary>
    public static void Challenger(
        RolloutOptions options, ParseResult result, ModelsTopicClient client, Dictionary<string, ModelRecord> records, ModelHeader header, byte[] bytes, string startAt, string? promoteAt, int maxBytes)
    {
        string name = header.Route;
        RolloutOptions.RequireRoute(records, name, result.GetValue(options.ModelsTopic)!);
        if (records.GetValueOrDefault(ModelRecord.KeyOf(name, ModelHeader.Champion))?.Header.Sha256 == header.Sha256)
        {
            throw new ArgumentException($"{header.ModelId} is route {name}'s champion already");
        }

        long start = options.Minute(result, client, startAt, "--start-at");
        long? promote = promoteAt is { } at ? options.Minute(result, client, at, "--promote-at") : null;
        if (promote < start)
        {
            throw new ArgumentException($"--promote-at {RolloutMinute.Format(promote.Value)} is before --start-at {RolloutMinute.Format(start)}");
        }

        FoldPromoted(client, records, name, result.GetValue(options.BarsTopic)!, maxBytes);
        var record = new ModelRecord(header with { Role = ModelHeader.Challenger, Series = [], StartAt = RolloutMinute.Format(start), PromoteAt = promote is { } p ? RolloutMinute.Format(p) : null }, bytes);
        client.Publish(record.Key, record.Encode(), maxBytes);
        Console.WriteLine($"published {name}/challenger: {header.ModelId} ({header.Sha256}, {bytes.Length:N0} bytes), in shadow from {record.Header.StartAt}" +
            (record.Header.PromoteAt is { } serving ? $", serving from {serving}" : $" (promote it with ./stream predictor model promote {name} --at …)"));
    }

    /// <summary>A challenger already promoted becomes the route's champion record before another challenger takes its key.</summary>
    private static void FoldPromoted(ModelsTopicClient client, Dictionary<string, ModelRecord> records, string route, string barsTopic, int maxBytes)
    {
        if (records.GetValueOrDefault(ModelRecord.KeyOf(route, ModelHeader.Challenger)) is not { } current)
        {
            return;
        }

        long? promoteAt = current.PromoteMinute;
        if (promoteAt is null)
        {
            return;
        }

        if (client.LatestBar(barsTopic) is not { } latest || latest < promoteAt)
        {
            throw new ArgumentException($"route {route}'s challenger {current.Header.ModelId} is to serve from {current.Header.PromoteAt}: wait until then, or retire it first (./stream predictor model retire {route})");
        }

        IReadOnlyList<string> series = records.GetValueOrDefault(ModelRecord.KeyOf(route, ModelHeader.Champion))?.Header.Series ?? [];
        var champion = new ModelRecord(current.Header with { Role = ModelHeader.Champion, Series = series, StartAt = null, PromoteAt = null, PublishedAt = RolloutOptions.Now() }, current.Checkpoint);
        client.Publish(champion.Key, champion.Encode(), maxBytes);
        Console.WriteLine($"published {route}/champion: {champion.Header.ModelId} (promoted at {current.Header.PromoteAt})");
    }
}
