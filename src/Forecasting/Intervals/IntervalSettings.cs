using System.Globalization;
using StreamForecast.Forecasting.Forecasts;

namespace StreamForecast.Forecasting.Intervals;

/// <summary>
/// Prediction intervals on absolute price errors, per series, interval model, horizon and level: the method,
/// the nominal levels, the realised errors needed before an interval is published, the models that get
/// intervals, and each method's own parameters (η and the scale span for quantile tracking; W and γ for ACI).
/// </summary>
/// <param name="Method">Quantile tracking (the default) or windowed ACI.</param>
/// <param name="Levels">Nominal coverage in percent (e.g. 80 and 95), ascending; α = 1 − L/100.</param>
/// <param name="MinErrors">No interval is published while fewer forecasts than this were realised at its horizon.</param>
/// <param name="Models">Indexes into <see cref="ModelNames.All"/> that get intervals (empty: none).</param>
internal sealed record IntervalSettings(IntervalMethod Method, IReadOnlyList<double> Levels, int MinErrors, IReadOnlyList<int> Models)
{
    public static readonly IntervalSettings Default = new(IntervalMethod.QuantileTracking, [80, 95], 50, [ModelNames.LstmIndex, ModelNames.NaiveIndex]);

    /// <summary>No intervals at all.</summary>
    public static readonly IntervalSettings None = Default with { Models = [] };

    /// <summary>Quantile tracking: η, the step as a share of the error scale.</summary>
    public double Eta { get; init; } = 0.1;

    /// <summary>Quantile tracking: the error scale is the running mean of the last this many errors, roughly (1/min(n, span) steps).</summary>
    public int ScaleSpan { get; init; } = 100;

    /// <summary>ACI: W, the most recent absolute errors kept per series, model and horizon.</summary>
    public int Window { get; init; } = 500;

    /// <summary>ACI: γ, how far one hit or miss moves the working level.</summary>
    public double Gamma { get; init; } = 0.005;

    public bool Enabled => Models.Count > 0 && Levels.Count > 0;

    /// <summary>The model's slot among the interval models, or −1 when it has no intervals.</summary>
    public int Slot(int model)
    {
        for (int slot = 0; slot < Models.Count; slot++)
        {
            if (Models[slot] == model)
            {
                return slot;
            }
        }

        return -1;
    }

    /// <summary>Where slot, h (1..K) and level are in a per-forecast array of half-widths, (slots, K, levels).</summary>
    public int Index(int slot, int h, int horizon, int level) => (((slot * horizon) + h - 1) * Levels.Count) + level;

    /// <summary>α of level <paramref name="level"/> (an index into <see cref="Levels"/>).</summary>
    public double Alpha(int level) => 1 - (Levels[level] / 100);

    /// <summary>A level's name in columns and fields: 80, 95, 99.5.</summary>
    public string LevelName(int level) => Levels[level].ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>The method's name on the command line and in configuration: qt or aci.</summary>
    public string MethodName => Method == IntervalMethod.Aci ? "aci" : "qt";

    /// <summary>The method and its parameters, for a person: "adaptive conformal on absolute errors (W = 500, γ = 0.005, from 50 errors on)".</summary>
    public string Describe() => Method == IntervalMethod.Aci
        ? string.Create(CultureInfo.InvariantCulture, $"adaptive conformal on absolute errors (W = {Window}, γ = {Gamma}, from {MinErrors} errors on)")
        : string.Create(CultureInfo.InvariantCulture, $"scale-adaptive quantile tracking on absolute errors (η = {Eta}, scale over {ScaleSpan} errors, from {MinErrors} errors on)");

    /// <summary>Checks the settings, throwing <see cref="ArgumentException"/> with what is wrong.</summary>
    public IntervalSettings Validated()
    {
        if (Levels.Any(level => !(level > 0 && level < 100)) || Levels.Distinct().Count() != Levels.Count || !Levels.SequenceEqual(Levels.Order()))
        {
            throw new ArgumentException($"interval levels must be distinct percentages between 0 and 100, ascending (got {string.Join(',', Levels)})");
        }

        if (MinErrors < 1 || (Method == IntervalMethod.Aci && (Window < 1 || MinErrors > Window)))
        {
            throw new ArgumentException($"the interval minimum of errors must be at least 1, and with aci at most the window (window {Window}, minimum {MinErrors})");
        }

        if (!(Gamma >= 0 && Gamma < 1) || !(Eta > 0 && double.IsFinite(Eta)) || ScaleSpan < 1)
        {
            throw new ArgumentException($"interval gamma must be in [0, 1), eta positive and the scale span at least 1 (got gamma {Gamma}, eta {Eta}, span {ScaleSpan})");
        }

        return this;
    }

    /// <summary>"qt" (quantile tracking) or "aci".</summary>
    public static IntervalMethod ParseMethod(string text) => text.Trim().ToLowerInvariant() switch
    {
        "qt" or "quantile-tracking" => IntervalMethod.QuantileTracking,
        "aci" => IntervalMethod.Aci,
        _ => throw new ArgumentException($"interval method '{text}' is not qt (quantile tracking) or aci"),
    };

    /// <summary>"80,95" (empty: no levels).</summary>
    public static IReadOnlyList<double> ParseLevels(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(part =>
            double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double level)
                ? level
                : throw new ArgumentException($"'{part}' is not a coverage level in percent (like 80 or 95)"))];

    /// <summary>For the state's fingerprint: a state kept under other settings is not continued.</summary>
    public override string ToString()
    {
        string method = Method == IntervalMethod.Aci
            ? string.Create(CultureInfo.InvariantCulture, $"W={Window} gamma={Gamma:R}")
            : string.Create(CultureInfo.InvariantCulture, $"eta={Eta:R} span={ScaleSpan}");
        return string.Create(CultureInfo.InvariantCulture, $"intervals {MethodName} {string.Join(',', Levels)} min={MinErrors} models={string.Join(',', Models.Select(m => ModelNames.All[m]))} {method}");
    }
}
