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

    /// <summary>One file read once: its one series, or the named (else every) series of a long file.</summary>
    private static IEnumerable<(string, FlowDataset)> ReadFile(DataOptions data, ParseResult result, FileInfo file, string[] names, GapPolicy gaps, TextWriter log)
    {
        if (!BarReader.HasSeriesColumn(file.FullName, data.FileOptions(result, null)))
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

        BarReader reader = data.Reader(result, file, null);
        var bars = new Dictionary<string, List<Bar>>(StringComparer.Ordinal);
        foreach ((string series, Bar bar) in reader.ReadKeyed("", names.Length > 0 ? new HashSet<string>(names, StringComparer.Ordinal) : null))
        {
            (bars.TryGetValue(series, out List<Bar>? list) ? list : bars[series] = []).Add(bar);
        }

        foreach (string name in names.Where(name => !bars.ContainsKey(name)))
        {
            throw new ArgumentException(SeriesSuggestion.Missing(file.FullName, name, reader.Report.Series));
        }

        string[] chosen = names.Length > 0 ? names : [.. reader.Report.Series.Where(bars.ContainsKey)];
        log.WriteLine($"read {chosen.Length} series from {file.Name}: {reader.Report}");
        return chosen.Select(name => (name, FlowDataset.FromBars(bars[name], gaps)));
    }
}
