using System.Globalization;
using StreamForecast.Forecasting.Forecasts;

namespace StreamForecast.Forecasting.Intervals;

/// <summary>
/// Adaptive conformal intervals (Gibbs and Candès 2021) on absolute price errors, per series, model and
/// horizon: the nominal coverage levels, the error window W, the step γ of the working level, the errors
/// needed before an interval is given, and the models that get intervals.
/// </summary>
/// <param name="Levels">Nominal coverage in percent (e.g. 80 and 95), ascending; α = 1 − L/100.</param>
/// <param name="Window">W: the most recent absolute errors kept per series, model and horizon.</param>
/// <param name="Gamma">γ: how far one hit or miss moves the working level.</param>
/// <param name="MinErrors">No interval while fewer errors than this are known.</param>
/// <param name="Models">Indexes into <see cref="ModelNames.All"/> that get intervals (empty: none).</param>
internal sealed record IntervalSettings(IReadOnlyList<double> Levels, int Window, double Gamma, int MinErrors, IReadOnlyList<int> Models)
{
    public static readonly IntervalSettings Default = new([80, 95], 500, 0.005, 50, [ModelNames.LstmIndex, ModelNames.NaiveIndex]);

    /// <summary>No intervals at all.</summary>
    public static readonly IntervalSettings None = Default with { Models = [] };

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

    /// <summary>Where slot, h (1..K) and level are in a per-forecast array such as <see cref="Forecast.HalfWidths"/>.</summary>
    public int Index(int slot, int h, int horizon, int level) => (((slot * horizon) + h - 1) * Levels.Count) + level;

    /// <summary>α of level <paramref name="level"/> (an index into <see cref="Levels"/>).</summary>
    public double Alpha(int level) => 1 - (Levels[level] / 100);

    /// <summary>A level's name in columns and fields: 80, 95, 99.5.</summary>
    public string LevelName(int level) => Levels[level].ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Checks the settings, throwing <see cref="ArgumentException"/> with what is wrong.</summary>
    public IntervalSettings Validated()
    {
        if (Levels.Any(level => !(level > 0 && level < 100)) || Levels.Distinct().Count() != Levels.Count || !Levels.SequenceEqual(Levels.Order()))
        {
            throw new ArgumentException($"interval levels must be distinct percentages between 0 and 100, ascending (got {string.Join(',', Levels)})");
        }

        if (Window < 1 || MinErrors < 1 || MinErrors > Window)
        {
            throw new ArgumentException($"the interval window must be at least 1 and at least the minimum of errors (window {Window}, minimum {MinErrors})");
        }

        if (!(Gamma >= 0 && Gamma < 1))
        {
            throw new ArgumentException($"the interval gamma must be in [0, 1) (got {Gamma})");
        }

        return this;
    }

    /// <summary>Settings from their text forms (levels "80,95"; models "lstm,naive", "all" or "none"), checked.</summary>
    public static IntervalSettings Parse(string levels, int window, double gamma, int minErrors, string models) =>
        new IntervalSettings(ParseLevels(levels), window, gamma, minErrors, ModelNames.Parse(models)).Validated();

    /// <summary>"80,95" (empty: no levels).</summary>
    public static IReadOnlyList<double> ParseLevels(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(part =>
            double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double level)
                ? level
                : throw new ArgumentException($"'{part}' is not a coverage level in percent (like 80 or 95)"))];

    /// <summary>For the state's fingerprint: a state kept under other settings is not continued.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"intervals {string.Join(',', Levels)} W={Window} gamma={Gamma:R} min={MinErrors} models={string.Join(',', Models.Select(m => ModelNames.All[m]))}");
}
