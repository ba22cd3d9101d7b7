using StreamForecast.Forecasting.Tests;
using System.Diagnostics;
using System.Text.Json;
using StreamForecast.Engine.Inference;
using StreamForecast.MarketData;
using StreamForecast.Predictor.Tools.Backtest;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Intervals;
using StreamForecast.Predictor.Service;
using StreamForecast.Forecasting.Tests.Forecasts;

namespace StreamForecast.Predictor.Tests.Tools.Backtest;

/// <summary>
/// Every interval of a backtest against the independent numpy references in tools/golden/ (written from the
/// methods' text: quantile_tracking_reference.py for the default, conformal_reference.py for ACI), which
/// recompute them from the point forecasts in predictions.csv and the closes in the bar file.
/// </summary>
public sealed class IntervalReferenceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("stream-intervals-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("qt", "80,95", 50, "lstm,naive", 0.1, 100)]
    [InlineData("qt", "50,90,99", 20, "all", 0.35, 7)]
    [InlineData("aci", "80,95", 50, "lstm,naive", 500, 0.005)]
    [InlineData("aci", "50,90,99", 20, "all", 120, 0.03)]
    public void Backtest_EveryInterval_EqualsTheIndependentReferenceWithin1e9(string method, string levels, int minErrors, string models, double first, double second)
    {
        string data = Fixtures.Data("btcusd-gdax-1m-2017-06-19_25.csv.gz");
        ForecastModel model = ForecastModel.Load(Path.Combine(Fixtures.RepositoryRoot(), "models", "btcusd-lstm-2x100.safetensors"));
        bool aci = method == "aci";
        var options = new PredictorOptions { IntervalMethod = method, IntervalLevels = levels, IntervalMinErrors = minErrors, IntervalModels = models };
        (options.IntervalEta, options.IntervalScaleSpan, options.IntervalWindow, options.IntervalGamma) = aci
            ? (options.IntervalEta, options.IntervalScaleSpan, (int)first, second)
            : (first, (int)second, options.IntervalWindow, options.IntervalGamma);
        var settings = TestForecasters.Settings(10) with { Intervals = options.Intervals() };
        using var backend = new CpuLstmBackend(model.Checkpoint.Parameters);
        var reader = new BarReader(data, range: DateRange.Parse("2017-06-21", "2017-06-21"));
        BacktestResult result = Backtester.Run(model, backend, reader, "BTC-USD", "2017-06-21", "2017-06-21", settings);
        string csv = Path.Combine(_directory, "predictions.csv");
        PredictionsCsv.Write(csv, result.Forecasts, result.Actuals, result.Intervals);

        string R(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        string[] parameters = aci ? ["--window", R(first), "--gamma", R(second)] : ["--eta", R(first), "--span", R(second)];
        string output = RunReference(
            aci ? "conformal_reference.py" : "quantile_tracking_reference.py",
            ["--predictions", csv, "--data", data, "--levels", levels, "--min-errors", $"{minErrors}", "--models", string.Join(',', settings.Intervals.Models.Select(m => ModelNames.All[m])), .. parameters]);

        using JsonDocument verdict = JsonDocument.Parse(output);
        JsonElement root = verdict.RootElement;
        Assert.Equal(0, root.GetProperty("presence_mismatches").GetInt32());
        Assert.True(root.GetProperty("max_relative_difference").GetDouble() <= 1e-9, output);
        int expected = result.Forecasts.Count(f => f.HalfWidths!.Any(double.IsFinite));
        Assert.True(root.GetProperty("compared").GetInt32() >= expected, $"{root.GetProperty("compared")} intervals compared, {expected} forecasts with intervals");

        // The reference's coverage is the backtest's.
        IntervalMetrics lstm1 = result.IntervalScores(0, 1, 0);
        Assert.Equal(lstm1.Coverage, root.GetProperty("coverage").GetProperty($"lstm h1 {settings.Intervals.LevelName(0)}").GetDouble(), 12);
    }

    private static string RunReference(string script, string[] arguments)
    {
        string root = Fixtures.RepositoryRoot();
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        start.ArgumentList.Add(Path.Combine(root, "tools", "golden", script));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"the reference disagrees or failed (python3-numpy is installed with python3-torch by ./stream): {output} {error.Result}");
        return output;
    }
}
