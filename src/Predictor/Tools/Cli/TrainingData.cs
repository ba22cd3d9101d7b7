using System.CommandLine;
using StreamForecast.Forecasting.Preprocessing;
using StreamForecast.MarketData;
using StreamForecast.Predictor.Tools.Training;

namespace StreamForecast.Predictor.Tools.Cli;

/// <summary>
/// The series <c>train</c> learns from: <c>--data</c>/<c>--series</c> pairs, several series of one long file, or
/// (no <c>--series</c>) every series of a long file. Each file is read once.
/// </summary>
internal static class TrainingData
{
    public static TrainingSet Read(DataOptions data, ParseResult result, GapPolicy gaps, TextWriter log)
    {
        FileInfo[] files = data.Files(result);
        string[] names = data.SeriesNames(result);
        var parts = new List<(string Series, FlowDataset Data)>();
        if (files.Length > 1)
        {
            if (names.Length != files.Length)
            {
                throw new ArgumentException($"{files.Length} --data files need {files.Length} --series, one for each, in the same order (got {names.Length})");
            }

            for (int i = 0; i < files.Length; i++)
            {
                parts.AddRange(ReadFile(data, result, files[i], [names[i]], gaps, log));
            }
        }
        else
        {
            parts.AddRange(ReadFile(data, result, files[0], names, gaps, log));
        }

        return new TrainingSet(parts);
    }

    private static IEnumerable<(string, FlowDataset)> ReadFile(DataOptions data, ParseResult result, FileInfo file, string[] names, GapPolicy gaps, TextWriter log)
    {
        BarFileOptions any = data.FileOptions(result, null);
        IReadOnlyList<string>? present = BarReader.SeriesIn(file.FullName, any);
        if (present is null)
        {
            if (names.Length != 1)
            {
                throw new ArgumentException(names.Length == 0
                    ? $"{file.FullName} has no series column: name its series with --series NAME"
                    : $"{file.FullName} has no series column, so it holds one series: give it one --series");
            }

            BarReader single = data.Reader(result, file, names[0]);
            var flows = FlowDataset.FromBars(single.Read(), gaps);
            log.WriteLine($"read {names[0]}: {single.Report}");
            return [(names[0], flows)];
        }

        foreach (string name in names.Where(name => !present.Contains(name, StringComparer.Ordinal)))
        {
            throw new ArgumentException(SeriesCheck.Missing(file.FullName, name, present));
        }

        string[] chosen = names.Length > 0 ? names : [.. present];
        BarReader reader = data.Reader(result, file, null);
        var bars = chosen.ToDictionary(name => name, _ => new List<Bar>(), StringComparer.Ordinal);
        foreach ((string series, Bar bar) in reader.ReadKeyed("", new HashSet<string>(chosen, StringComparer.Ordinal)))
        {
            bars[series].Add(bar);
        }

        log.WriteLine($"read {chosen.Length} series from {file.Name}: {reader.Report}");
        return chosen.Select(name => (name, FlowDataset.FromBars(bars[name], gaps)));
    }
}
