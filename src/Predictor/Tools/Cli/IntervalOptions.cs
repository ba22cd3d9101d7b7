using System.CommandLine;
using StreamForecast.Forecasting.Intervals;
using StreamForecast.Predictor.Service;

namespace StreamForecast.Predictor.Tools.Cli;

/// <summary>The prediction-interval options of backtest and verify: the service's Predictor:Interval* settings, with its defaults.</summary>
internal sealed class IntervalOptions
{
    private static readonly PredictorOptions Defaults = new();

    public Option<string> Method { get; } = new("--interval-method") { Description = "qt (scale-adaptive quantile tracking, the default) or aci (windowed adaptive conformal).", DefaultValueFactory = _ => Defaults.IntervalMethod };

    public Option<string> Levels { get; } = new("--interval-levels") { Description = "Nominal coverage levels in percent, ascending (empty: none).", DefaultValueFactory = _ => Defaults.IntervalLevels };

    public Option<int> MinErrors { get; } = new("--interval-min-errors") { Description = "No interval until this many forecasts were realised at its horizon.", DefaultValueFactory = _ => Defaults.IntervalMinErrors };

    public Option<string> Models { get; } = new("--interval-models") { Description = "Models with intervals: names separated by commas, all or none.", DefaultValueFactory = _ => Defaults.IntervalModels };

    public Option<double> Eta { get; } = new("--interval-eta") { Description = "qt: η, the step as a share of the error scale.", DefaultValueFactory = _ => Defaults.IntervalEta };

    public Option<int> ScaleSpan { get; } = new("--interval-scale-span") { Description = "qt: the error scale averages about this many recent errors.", DefaultValueFactory = _ => Defaults.IntervalScaleSpan };

    public Option<int> Window { get; } = new("--interval-window") { Description = "aci: W, recent absolute errors per model and horizon an interval comes from.", DefaultValueFactory = _ => Defaults.IntervalWindow };

    public Option<double> Gamma { get; } = new("--interval-gamma") { Description = "aci: γ, the adaptive conformal step.", DefaultValueFactory = _ => Defaults.IntervalGamma };

    public void AddTo(Command command)
    {
        foreach (Option option in (Option[])[Method, Levels, MinErrors, Models, Eta, ScaleSpan, Window, Gamma])
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The interval settings given, checked.</summary>
    public IntervalSettings Settings(ParseResult result) => ApplyTo(result, new PredictorOptions()).Intervals();

    /// <summary>Sets the Predictor:Interval* options given on <paramref name="options"/>.</summary>
    public PredictorOptions ApplyTo(ParseResult result, PredictorOptions options)
    {
        options.IntervalMethod = result.GetValue(Method)!;
        options.IntervalLevels = result.GetValue(Levels)!;
        options.IntervalMinErrors = result.GetValue(MinErrors);
        options.IntervalModels = result.GetValue(Models)!;
        options.IntervalEta = result.GetValue(Eta);
        options.IntervalScaleSpan = result.GetValue(ScaleSpan);
        options.IntervalWindow = result.GetValue(Window);
        options.IntervalGamma = result.GetValue(Gamma);
        return options;
    }
}
