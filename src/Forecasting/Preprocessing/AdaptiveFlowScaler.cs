namespace StreamForecast.Forecasting.Preprocessing;

/// <summary>
/// Online scaler for series whose volatility drifts: flow / (multiplier · s), where s is an
/// exponentially weighted mean of |flow| over past flows only, each |flow| winsorised at 10 s so one
/// outlier cannot blow the scale up. Zero stays zero; typical flows land in about [-1, 1].
/// With an initial scale of 0 (a global model's: one model for series of any price level) each series
/// learns its own: its state stays 0, and its flows scale to 0, until its first non-zero flow sets s = |flow|.
/// </summary>
internal sealed class AdaptiveFlowScaler : FlowScaler
{
    public const string Name = "adaptive";
    private const double Winsor = 10;

    private readonly double _weight;

    public AdaptiveFlowScaler(double halfLifeMinutes, double multiplier, double initialScale)
    {
        if (!(halfLifeMinutes > 0) || !(multiplier > 0) || !(initialScale >= 0) || double.IsPositiveInfinity(initialScale))
        {
            throw new ArgumentException("adaptive scaler needs a positive half-life and multiplier and a finite initial scale, 0 or positive.");
        }

        HalfLifeMinutes = halfLifeMinutes;
        Multiplier = multiplier;
        InitialScale = initialScale;
        _weight = 1 - Math.Pow(2, -1 / halfLifeMinutes);
    }

    public double HalfLifeMinutes { get; }

    public double Multiplier { get; }

    public double InitialScale { get; }

    /// <summary>Whether each series learns its scale from its own first flow (initial scale 0).</summary>
    public bool PerSeries => InitialScale == 0;

    public override string Kind => Name;

    public override bool Stateful => true;

    public override double InitialState => InitialScale;

    /// <summary>Fits the initial scale to the training flows: their mean absolute value.</summary>
    public static AdaptiveFlowScaler Fit(IReadOnlyList<double> flows, double halfLifeMinutes = 1440, double multiplier = 4)
    {
        double mean = flows.Count == 0 ? 0 : flows.Average(Math.Abs);
        return new AdaptiveFlowScaler(halfLifeMinutes, multiplier, mean > 0 ? mean : 1e-9);
    }

    /// <summary>A global model's scaler: every series learns its own scale from its first non-zero flow.</summary>
    public static AdaptiveFlowScaler ForAnySeries(double halfLifeMinutes = 1440, double multiplier = 4) => new(halfLifeMinutes, multiplier, 0);

    public override float Scale(double flow, double state) => state > 0 ? (float)(flow / (Multiplier * state)) : 0f;

    public override double Unscale(float scaled, double state) => scaled * Multiplier * state;

    /// <summary>0 while a per-series scale is still unset: no scaled error exists before the first flow.</summary>
    public override double Factor(double state) => state > 0 ? 1 / (Multiplier * state) : 0;

    public override double Observe(double state, double flow)
    {
        if (!(state > 0))
        {
            return Math.Abs(flow);
        }

        double next = state + (_weight * (Math.Min(Math.Abs(flow), Winsor * state) - state));
        return Math.Max(next, PerSeries ? double.Epsilon : InitialScale * 1e-6);
    }

    public override void WriteMetadata(IDictionary<string, string> metadata)
    {
        metadata[KindKey] = Name;
        metadata["scaler_half_life_minutes"] = Format(HalfLifeMinutes);
        metadata["scaler_multiplier"] = Format(Multiplier);
        metadata["scaler_initial"] = Format(InitialScale);
    }
}
