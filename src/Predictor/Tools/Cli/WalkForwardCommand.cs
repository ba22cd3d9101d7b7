using System.CommandLine;
using System.Globalization;
using StreamForecast.Forecasting.Baselines;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.MarketData;
using StreamForecast.Predictor.Tools.Rollout;

namespace StreamForecast.Predictor.Tools.Cli;

/// <summary>
/// <c>walkforward --model M --data F --series S --from D --to D</c>: the rollout run offline, day by day (daily fine-tuning
/// on the previous days, a day in shadow, promotion when better), against the static model and naive; one Markdown table.
/// </summary>
internal static class WalkForwardCommand
{
    public static Command Create()
    {
        var data = new DataOptions();
        var model = new Option<FileInfo>("--model") { Description = "The champion at the start.", Required = true };
        var horizon = new Option<int>("--horizon") { Description = "K.", DefaultValueFactory = _ => 10 };
        var trainDays = new Option<int>("--train-days") { Description = "Days of bars each candidate is fine-tuned on (the days before the one it shadows).", DefaultValueFactory = _ => 3 };
        var epochs = new Option<int>("--epochs") { Description = "Fine-tuning passes.", DefaultValueFactory = _ => 2 };
        var rate = new Option<double>("--learning-rate") { Description = "Fine-tuning's Adam step.", DefaultValueFactory = _ => 3e-4 };
        var minForecasts = new Option<int>("--min-forecasts") { Description = "The fewest scored h = 1 forecasts in shadow to promote on.", DefaultValueFactory = _ => 200 };
        var command = new Command("walkforward", "Daily fine-tuning, shadow and promote-when-better, walked forward over a series' bars, against the static model and naive.")
        {
            model, horizon, trainDays, epochs, rate, minForecasts,
        };
        data.AddTo(command);
        command.SetAction(result => CommandErrors.Run(() =>
        {
            ForecastModel champion = ForecastModel.Load(result.GetValue(model)!.FullName);
            var settings = new ForecastSettings(result.GetValue(horizon), data.Gaps(result), BaselineSettings.Default);
            champion.RequireHorizon(settings.Horizon);
            List<Bar> bars = [.. data.Reader(result).Read()];
            var run = new WalkForward(settings, result.GetValue(trainDays), result.GetValue(epochs), result.GetValue(rate), result.GetValue(minForecasts));
            WalkForward.Result outcome = run.Run(data.SeriesName(result), champion, bars, Console.Error);
            int[] horizons = [.. new[] { 1, 5, settings.Horizon }.Where(h => h <= settings.Horizon).Distinct()];
            Console.WriteLine($"| series | days | model | {string.Join(" | ", horizons.Select(h => $"MAE h{h}"))} | {string.Join(" | ", horizons.Select(h => $"MASE h{h}"))} |");
            Console.WriteLine($"|---|---:|---|{string.Concat(Enumerable.Repeat("---:|", 2 * horizons.Length))}");
            void Row(string name, double[] mae) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {outcome.Series} | {outcome.Days - 1} | {name} | {string.Join(" | ", horizons.Select(h => mae[h - 1].ToString("G5", CultureInfo.InvariantCulture)))} | {string.Join(" | ", horizons.Select(h => (mae[h - 1] / outcome.Naive[h - 1]).ToString("F4", CultureInfo.InvariantCulture)))} |"));
            Row("naive", outcome.Naive);
            Row($"static {champion.Id}", outcome.Static);
            Row($"walk-forward ({outcome.Candidates} candidates, {outcome.Promotions} promoted)", outcome.Rolling);
        }));
        return command;
    }
}
