using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using StreamForecast.Contracts;
using StreamForecast.MarketData;
using StreamForecast.Messaging;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Predictor.Tools.Watch;

namespace StreamForecast.Predictor.Tools.Cli;

/// <summary><c>watch [--expect N] [--horizon K]</c>: a live table of the pipeline, per series, from the topics.</summary>
internal static class WatchCommand
{
    public static Command Create()
    {
        var expect = new Option<long>("--expect") { Description = "Exit once this many predictions were seen (0: run until Ctrl-C)." };
        var horizon = new Option<int>("--horizon") { Description = "The longest horizon to show.", DefaultValueFactory = _ => 10 };
        var timeout = new Option<int>("--timeout-seconds") { Description = "Give up after this long.", DefaultValueFactory = _ => 300 };
        var untilFile = new Option<string?>("--until-file") { Description = "Exit once this file exists and nothing new arrived for 2 s (the feed is done)." };
        var readyFile = new Option<string?>("--ready-file") { Description = "Created once the watcher reads every partition (start the feed after it)." };
        var quiet = new Option<int>("--quiet-seconds") { Description = "With --until-file: how long nothing new must arrive before the watcher ends.", DefaultValueFactory = _ => 2 };
        var recordFile = new Option<string?>("--record") { Description = "Write every prediction and score read (topic, key, asOf, SHA-256) to this file, for 'predictor verify'." };
        var kafka = new KafkaOptions();
        var command = new Command("watch", "Shows bars, predictions, lag, latency and LSTM vs naive errors per series, live, from the topics.") { expect, horizon, timeout, untilFile, readyFile, recordFile, quiet };
        kafka.AddTo(command);
        command.SetAction((result, cancellation) => Task.FromResult(CommandErrors.Run(() =>
        {
            KafkaNative.EnsureLoaded();
            TimeProvider time = TimeProvider.System;
            using StreamWriter? recording = result.GetValue(recordFile) is { } path ? new StreamWriter(path) : null;
            RecordLog? log = recording is null ? null : new RecordLog(recording);
            using var watch = new PipelineWatch(kafka.ReachableClient(result), time, TimeSpan.FromSeconds(15), log is null ? null : log.Write);
            watch.Poll(TimeSpan.FromMilliseconds(300));
            if (result.GetValue(readyFile) is { } ready)
            {
                File.WriteAllText(ready, "ready\n");
            }

            long wanted = result.GetValue(expect);
            int k = result.GetValue(horizon);
            long started = time.GetTimestamp();
            TimeSpan limit = TimeSpan.FromSeconds(result.GetValue(timeout));
            string? doneFile = result.GetValue(untilFile);
            long seen = -1;
            long lastChange = time.GetTimestamp();
            bool Done()
            {
                long now = watch.TotalPredictions + watch.Series.Values.Sum(s => s.Bars + s.Scores);
                (seen, lastChange) = now != seen ? (now, time.GetTimestamp()) : (seen, lastChange);
                bool drained = doneFile is not null && File.Exists(doneFile) && time.GetElapsedTime(lastChange) > TimeSpan.FromSeconds(result.GetValue(quiet));
                return cancellation.IsCancellationRequested || time.GetElapsedTime(started) > limit || drained || (wanted > 0 && watch.TotalPredictions >= wanted);
            }

            if (Console.IsOutputRedirected)
            {
                while (!Done())
                {
                    watch.Poll(TimeSpan.FromSeconds(2));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"watch: {watch.TotalPredictions} predictions"));
                }
            }
            else
            {
                AnsiConsole.Live(Render(watch, k)).Start(context =>
                {
                    while (!Done())
                    {
                        watch.Poll(TimeSpan.FromMilliseconds(400));
                        context.UpdateTarget(Render(watch, k));
                    }
                });
            }

            watch.Poll(TimeSpan.FromMilliseconds(500));
            Console.WriteLine(Summary(watch, k));
            long written = watch.Written(TopicNames.Predictions, TimeSpan.FromSeconds(10));
            Console.Error.WriteLine($"watch: {watch.TotalPredictions} predictions read, {written} written to {TopicNames.Predictions}");
            if (written != watch.TotalPredictions)
            {
                throw new InvalidDataException($"read {watch.TotalPredictions} predictions but {written} were written: the reader fell behind the broker's retention.");
            }

            if (wanted > 0 && watch.TotalPredictions < wanted)
            {
                throw new InvalidDataException($"saw {watch.TotalPredictions} predictions of the {wanted} expected before the timeout.");
            }
        })));
        return command;
    }

    private static Table Render(PipelineWatch watch, int horizon)
    {
        var table = new Table().Title("Stream, live");
        foreach (string column in Columns(horizon))
        {
            table.AddColumn(column);
        }

        foreach (SeriesView view in watch.Series.Values)
        {
            table.AddRow([.. Cells(view, horizon)]);
        }

        return table;
    }

    /// <summary>The final table as plain Markdown, for logs and the closing summary.</summary>
    private static string Summary(PipelineWatch watch, int horizon)
    {
        var lines = new List<string> { "| " + string.Join(" | ", Columns(horizon)) + " |", "|" + string.Concat(Enumerable.Repeat("---|", Columns(horizon).Length)) };
        lines.AddRange(watch.Series.Values.Select(view => "| " + string.Join(" | ", Cells(view, horizon)) + " |"));
        return string.Join('\n', lines);
    }

    private static string[] Columns(int k) =>
        ["series", "bars", "predictions", "scores", "lag (bars)", "event time", "latency p50/p99 ms", "next minute lstm / naive", "lstm range (widest level)", "RMSE h1 lstm/naive", $"RMSE h{k} lstm/naive", $"MASE h1 / h{k} lstm", "coverage h1 lstm"];

    private static IEnumerable<string> Cells(SeriesView view, int k)
    {
        var (lstm1, mase1) = view.Metric(ModelNames.LstmIndex, 1);
        var (naive1, _) = view.Metric(ModelNames.NaiveIndex, 1);
        var (lstmK, maseK) = view.Metric(ModelNames.LstmIndex, k);
        var (naiveK, _) = view.Metric(ModelNames.NaiveIndex, k);
        yield return view.Series;
        yield return N(view.Bars);
        yield return N(view.Predictions);
        yield return N(view.Scores);
        yield return N(Math.Max(0, view.Bars - view.Predictions));
        Prediction? last = view.LastPrediction;
        yield return last is null ? "-" : DateRange.Format(last.AsOf);
        yield return string.Create(CultureInfo.InvariantCulture, $"{view.Latency(0.5):F1} / {view.Latency(0.99):F1}");
        yield return last is null ? "-" : $"{F(last.Lstm[0])} / {F(last.Baselines[0].Close(1))}";
        PredictionInterval? range = last?.Intervals?.MaxBy(i => i.Level);
        yield return last is null || range?.HalfWidths[0] is not { } q ? "-" : $"{F(last.Lstm[0] - q)} – {F(last.Lstm[0] + q)} ({range.Level:0.#} %)";
        yield return $"{F(lstm1)} / {F(naive1)}";
        yield return $"{F(lstmK)} / {F(naiveK)}";
        yield return $"{F(mase1)} / {F(maseK)}";
        var coverage = view.LastMetrics?.Intervals?.Where(i => i.Model == ModelNames.Lstm && i.Coverage[0] is not null).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i.Coverage[0]:P1} of {i.Level:0.#} %"));
        yield return coverage is null || !coverage.Any() ? "-" : string.Join(", ", coverage);
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string F(double? value) => value is { } v ? v.ToString("G5", CultureInfo.InvariantCulture) : "-";
}
