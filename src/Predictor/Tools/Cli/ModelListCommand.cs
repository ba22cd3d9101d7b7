using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using StreamForecast.Contracts;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Predictor.Service.Models;

namespace StreamForecast.Predictor.Tools.Cli;

/// <summary>
/// <c>model list</c>: every route on the models topic with its champion and challenger (model, checkpoint digest, series,
/// start and promotion minutes, who published it when) and their live skill: the LSTM's mean MASE at h = 1 over the
/// route's series, from the newest record of each on the metrics topic.
/// </summary>
internal static class ModelListCommand
{
    public static Command Create()
    {
        var metricsTopic = new Option<string>("--metrics-topic") { Description = "Where the live metrics are.", DefaultValueFactory = _ => TopicNames.Metrics };
        var options = new RolloutOptions();
        var command = new Command("list", "Lists the routes on the models topic, their champion and challenger, and their live skill.") { metricsTopic };
        options.AddTo(command);
        command.SetAction(result => CommandErrors.Run(() =>
        {
            var client = options.Client(result);
            Dictionary<string, ModelRecord> records = client.Read();
            List<(bool Challenger, SeriesMetrics Metrics)> metrics = Parse(client.Latest(result.GetValue(metricsTopic)!));
            Console.WriteLine("| route | role | model | sha-256 | series | shadow from | serves from | published | MASE h1 (series) |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---:|");
            if (!records.ContainsKey(ModelRecord.KeyOf(ServedRoute.Default, ModelHeader.Champion)))
            {
                string served = Skill(metrics, ModelPromoteCommand.RouteSeries(records, ServedRoute.Default), challenger: false);
                Console.WriteLine($"| default | champion | (serve's --model) | | (all others) | | | | {served} |");
            }

            foreach (ModelRecord record in records.Values.OrderBy(r => r.Header.Route, StringComparer.Ordinal).ThenBy(r => r.Header.Role, StringComparer.Ordinal))
            {
                ModelHeader h = record.Header;
                Func<string, bool> inRoute = ModelPromoteCommand.RouteSeries(records, h.Route);
                string skill = Skill(metrics, inRoute, h.Role == ModelHeader.Challenger);
                string series = h.Series.Count > 0 ? string.Join(",", h.Series) : h.Route == ServedRoute.Default ? "(all others)" : h.Route;
                Console.WriteLine($"| {h.Route} | {h.Role} | {h.ModelId} | {h.Sha256} | {series} | {h.StartAt ?? ""} | {h.PromoteAt ?? ""} | {h.PublishedAt} by {h.PublishedBy} | {skill} |");
            }

            Console.Error.WriteLine($"models: {records.Count} records; routes a service names on its command line only (--model, --model-for) are not listed");
        }));
        return command;
    }

    /// <summary>The metrics records, each read once: whether it is a challenger's, and its running metrics.</summary>
    private static List<(bool Challenger, SeriesMetrics Metrics)> Parse(Dictionary<string, byte[]> records)
    {
        var parsed = new List<(bool, SeriesMetrics)>();
        foreach (var (key, value) in records)
        {
            try
            {
                if (JsonSerializer.Deserialize(value, ContractsJson.Default.SeriesMetrics) is { } metrics)
                {
                    parsed.Add((key.EndsWith(ChallengerRecords.KeySuffix, StringComparison.Ordinal), metrics));
                }
            }
            catch (JsonException)
            {
                // Not a metrics record: not counted.
            }
        }

        return parsed;
    }

    private static string Skill(List<(bool Challenger, SeriesMetrics Metrics)> metrics, Func<string, bool> inRoute, bool challenger)
    {
        var values = new List<double>();
        foreach (var (isChallenger, m) in metrics)
        {
            if (isChallenger == challenger && inRoute(m.Series) && m.Models.FirstOrDefault(x => x.Model == ModelNames.Lstm)?.Mase is [{ } mase, ..])
            {
                values.Add(mase);
            }
        }

        return values.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"{values.Average():F4} ({values.Count})");
    }
}
