using System.CommandLine;
using StreamForecast.Predictor.Service.Models;

namespace StreamForecast.Predictor.Tools.Cli;

/// <summary><c>model retire R</c>: the route's challenger leaves (its rows in shadow are dropped); the champion serves on.</summary>
internal static class ModelRetireCommand
{
    public static Command Create()
    {
        var route = new Argument<string>("route") { Description = "The route whose challenger to retire." };
        var options = new RolloutOptions();
        var command = new Command("retire", "Retires a route's challenger.") { route };
        options.AddTo(command);
        command.SetAction(result => CommandErrors.Run(() =>
        {
            string name = result.GetValue(route)!;
            var client = options.Client(result);
            Dictionary<string, ModelRecord> records = client.Read();
            if (!records.TryGetValue(ModelRecord.KeyOf(name, ModelHeader.Challenger), out ModelRecord? challenger))
            {
                throw new ArgumentException($"route {name} has no challenger to retire");
            }

            if (challenger.PromoteMinute is { } promoteAt && client.LatestBar(result.GetValue(options.BarsTopic)!) >= promoteAt)
            {
                throw new ArgumentException($"route {name}'s challenger {challenger.Header.ModelId} serves since {challenger.Header.PromoteAt}: publish another champion instead");
            }

            client.Publish(challenger.Key, null, ModelsTopic.MaxRecordBytes);
            Console.WriteLine($"{name}: challenger {challenger.Header.ModelId} retired");
        }));
        return command;
    }
}
