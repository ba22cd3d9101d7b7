using System.CommandLine;
using System.Diagnostics;
using StreamForecast.Engine.Inference;
using StreamForecast.MarketData;
using StreamForecast.Predictor.Tools.Backtest;
using StreamForecast.Forecasting.Baselines;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Rollout;
using StreamForecast.Predictor.Tools.Training;

namespace StreamForecast.Predictor.Tools.Cli;

/// <summary><c>backtest --model MODEL --data FILE --series NAME --from DATE --to DATE --horizon K --out DIR [--challenger M --start-at T1 --promote-at T2]</c>.</summary>
internal static class BacktestCommand
{
    public static Command Create()
    {
        var data = new DataOptions();
        var intervals = new IntervalOptions();
        var model = new Option<FileInfo>("--model") { Description = "Checkpoint made by train.", Required = true };
        var horizon = new Option<int>("--horizon") { Description = "K: forecast 1..K minutes ahead.", DefaultValueFactory = _ => 10 };
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory for report.json, report.md, report.html, predictions.csv.", Required = true };
        var scalerFrom = new Option<string?>("--scaler-from") { Description = "Refit the model's scaler on this series' flows from this day (ends before --from)." };
        var scalerTo = new Option<string?>("--scaler-to") { Description = "Last day of the scaler refit window." };
        var challenger = new Option<FileInfo?>("--challenger") { Description = "A challenger model run beside --model in shadow, as the service runs one (its forecasts in predictions.csv with model=challenger)." };
        var startAt = new Option<string?>("--start-at") { Description = "The challenger's first minute (ISO, UTC unless offset; default: the first bar)." };
        var promoteAt = new Option<string?>("--promote-at") { Description = "The minute the challenger starts serving (ISO; default: never)." };
        var command = new Command("backtest", "Streams a series through the live forecasting path (LSTM and every baseline) and scores it.")
        {
            model, horizon, output, scalerFrom, scalerTo, challenger, startAt, promoteAt,
        };
        data.AddTo(command);
        intervals.AddTo(command);
        command.SetAction(result => CommandErrors.Run(() =>
        {
            ForecastModel forecaster = ForecastModel.Load(result.GetValue(model)!.FullName);
            var settings = new ForecastSettings(result.GetValue(horizon), data.Gaps(result), BaselineSettings.Default) { Intervals = intervals.Settings(result) };
            if (result.GetValue(scalerFrom) is { } fitFrom)
            {
                forecaster = Refit(forecaster, result, data, fitFrom, result.GetValue(scalerTo), settings);
            }
            else
            {
                foreach (string warning in TrainingOverlap.Warnings(forecaster, data.SeriesName(result), DateRange.Parse(result.GetValue(data.From), result.GetValue(data.To))))
                {
                    Console.Error.WriteLine($"warning: {warning}");
                }
            }

            using var backend = new CpuLstmBackend(forecaster.Checkpoint.Parameters);
            BarReader reader = data.Reader(result);
            BacktestResult run = Backtester.Run(
                forecaster, backend, reader, data.SeriesName(result),
                result.GetValue(data.From) ?? "start", result.GetValue(data.To) ?? "end", settings, Challenger(result, challenger, startAt, promoteAt, settings)) with { Zone = ReportZone.Of(data.FileOptions(result), reader.Report) };

            DirectoryInfo directory = result.GetValue(output)!;
            directory.Create();
            long writeStart = Stopwatch.GetTimestamp();
            string tables = MarkdownReport.Render(run);
            JsonReport.Write(Path.Combine(directory.FullName, "report.json"), run);
            File.WriteAllText(Path.Combine(directory.FullName, "report.md"), tables);
            File.WriteAllText(Path.Combine(directory.FullName, "report.html"), HtmlReport.Render(run));
            PredictionsCsv.Write(Path.Combine(directory.FullName, "predictions.csv"), run.Forecasts, run.Actuals, run.Intervals, run.Shadowed);
            Console.Error.WriteLine($"read: {run.Read}");
            Console.Error.WriteLine(
                $"backtest: {run.Bars} bars, {run.Forecasts.Count} forecasts in {run.Elapsed.TotalSeconds:F2} s; reports written in {Stopwatch.GetElapsedTime(writeStart).TotalSeconds:F2} s to {directory.FullName}");
            Console.WriteLine(MarkdownReport.Render(run, [.. new[] { 1, 5, run.Horizon }.Where(h => h <= run.Horizon).Distinct()]));
        }));
        return command;
    }

    /// <summary>The challenger of <c>--challenger</c>, <c>--start-at</c> and <c>--promote-at</c>, or null; the minutes need the model.</summary>
    private static Challenge? Challenger(ParseResult result, Option<FileInfo?> file, Option<string?> startAt, Option<string?> promoteAt, ForecastSettings settings)
    {
        if (result.GetValue(file) is not { } path)
        {
            return result.GetValue(startAt) is null && result.GetValue(promoteAt) is null
                ? null
                : throw new ArgumentException("--start-at and --promote-at need --challenger MODEL.");
        }

        ForecastModel challenger = ForecastModel.Load(path.FullName);
        challenger.RequireHorizon(settings.Horizon);
        long start = result.GetValue(startAt) is { } text ? RolloutMinute.Parse(text, "--start-at") : long.MinValue;
        long? promote = result.GetValue(promoteAt) is { } at ? RolloutMinute.Parse(at, "--promote-at") : null;
        if (promote < start)
        {
            throw new ArgumentException("--promote-at is before --start-at: a challenger is promoted after it has run in shadow.");
        }

        return new Challenge(challenger, new ChallengerPlan(start, promote));
    }

    private static ForecastModel Refit(ForecastModel model, ParseResult result, DataOptions data, string from, string? to, ForecastSettings settings)
    {
        DateRange window = DateRange.Parse(from, to ?? throw new ArgumentException("--scaler-from needs --scaler-to."));
        DateRange backtest = DateRange.Parse(result.GetValue(data.From), result.GetValue(data.To));
        if (window.To > backtest.From)
        {
            throw new ArgumentException("the scaler refit window must end before the backtest starts (no look-ahead).");
        }

        var bars = new BarReader(data.File(result).FullName, range: window, options: data.FileOptions(result)).Read();
        double[] flows = FlowDataset.FromBars(bars, settings.Gaps).Flows;
        Console.Error.WriteLine($"scaler refitted on {flows.Length} flows of {DateRange.Format(window.From)} .. {DateRange.Format(window.To)} (exclusive)");
        return model.WithScalerFittedTo(flows);
    }
}
