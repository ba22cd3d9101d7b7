using System.CommandLine;
using StreamForecast.Forecasting.Intervals;

namespace StreamForecast.Predictor.Tools.Cli;

/// <summary>The prediction-interval options of backtest and verify, with the service's defaults (Predictor:Interval*).</summary>
internal sealed class IntervalOptions
{
    public Option<string> Levels { get; } = new("--interval-levels") { Description = "Nominal coverage levels in percent, ascending (empty: none).", DefaultValueFactory = _ => "80,95" };

    public Option<int> Window { get; } = new("--interval-window") { Description = "W: recent absolute errors per model and horizon an interval comes from.", DefaultValueFactory = _ => IntervalSettings.Default.Window };

    public Option<double> Gamma { get; } = new("--interval-gamma") { Description = "γ: the adaptive conformal step.", DefaultValueFactory = _ => IntervalSettings.Default.Gamma };

    public Option<int> MinErrors { get; } = new("--interval-min-errors") { Description = "No interval until this many errors are known.", DefaultValueFactory = _ => IntervalSettings.Default.MinErrors };

    public Option<string> Models { get; } = new("--interval-models") { Description = "Models with intervals: names separated by commas, all or none.", DefaultValueFactory = _ => "lstm,naive" };

    public void AddTo(Command command)
    {
        command.Options.Add(Levels);
        command.Options.Add(Window);
        command.Options.Add(Gamma);
        command.Options.Add(MinErrors);
        command.Options.Add(Models);
    }

    public IntervalSettings Settings(ParseResult result) =>
        IntervalSettings.Parse(result.GetValue(Levels)!, result.GetValue(Window), result.GetValue(Gamma), result.GetValue(MinErrors), result.GetValue(Models)!);
}
