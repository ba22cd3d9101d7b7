using System.CommandLine;
using Spectre.Console;
using StreamForecast.Contracts;
using StreamForecast.Messaging;
using StreamForecast.Predictor.Tools.Watch;
using StreamForecast.ServiceDefaults.Hosting;

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
        var group = new Option<string>("--group") { Description = "The service's consumer group, whose lag is shown.", DefaultValueFactory = _ => "stream-predictor" };
        var kafka = new KafkaOptions();
        var command = new Command("watch", "Shows bars, predictions, lag, latency and LSTM vs naive errors per series, live, from the topics.") { expect, horizon, timeout, untilFile, readyFile, recordFile, quiet, group };
        kafka.AddTo(command);
        command.SetAction((result, invocation) => Task.FromResult(CommandErrors.Run(() =>
        {
            // Ctrl-C or SIGTERM (under timeout, in a pipeline) ends the watch with its table printed.
            using var signals = new ShutdownSignals(invocation);
            CancellationToken cancellation = signals.Token;
            KafkaNative.EnsureLoaded();
            TimeProvider time = TimeProvider.System;
            using StreamWriter? recording = result.GetValue(recordFile) is { } path ? new StreamWriter(path) : null;
            RecordLog? log = recording is null ? null : new RecordLog(recording);
            using var watch = new PipelineWatch(kafka.ReachableClient(result), time, TimeSpan.FromSeconds(15), log is null ? null : log.Write) { Group = result.GetValue(group)! };
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

            // Not on a terminal (piped, under timeout, in a log): the table every 10 s, compact, as Markdown.
            bool terminal = !Console.IsOutputRedirected;
            bool compact = !terminal || Console.WindowWidth < WatchTable.CompactBelow;
            watch.Refresh();   // asks for the service's consumer lag now: the first table shows it
            if (!terminal)
            {
                long shown = time.GetTimestamp();
                while (!Done())
                {
                    watch.Poll(TimeSpan.FromSeconds(1));
                    if (time.GetElapsedTime(shown) >= TimeSpan.FromSeconds(10))
                    {
                        watch.Refresh();
                        Console.WriteLine(WatchTable.Markdown(watch, k, compact) + "\n");
                        shown = time.GetTimestamp();
                    }
                }
            }
            else
            {
                AnsiConsole.Live(WatchTable.Render(watch, k, compact)).Start(context =>
                {
                    long refreshed = 0;
                    while (!Done())
                    {
                        watch.Poll(TimeSpan.FromMilliseconds(400));
                        if (time.GetElapsedTime(refreshed) >= TimeSpan.FromSeconds(2))
                        {
                            watch.Refresh();
                            refreshed = time.GetTimestamp();
                        }

                        context.UpdateTarget(WatchTable.Render(watch, k, compact));
                    }
                });
            }

            // On exit, stopped or done, the table comes first.
            if (!cancellation.IsCancellationRequested)
            {
                watch.Poll(TimeSpan.FromMilliseconds(500));
            }

            watch.RefreshNow(TimeSpan.FromSeconds(1));
            Console.WriteLine(WatchTable.Markdown(watch, k, compact: terminal && compact));
            Console.Out.Flush();
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
}
