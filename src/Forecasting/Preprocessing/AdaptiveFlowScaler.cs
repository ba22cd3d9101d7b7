namespace StreamForecast.Forecasting.Preprocessing;

/// <summary>
/// Online scaler for series whose volatility drifts: flow / (multiplier · s), where s is an
/// exponentially weighted mean of |flow| over past flows only, each |flow| winsorised at 10 s so one
/// outlier cannot blow the scale up. Zero stays zero; typical flows land in about [-1, 1].
/// </summary>
internal sealed class AdaptiveFlowScaler : FlowScaler
{
    public const string Name = "adaptive";
    private const double Winsor = 10;

    private readonly double _weight;

    public AdaptiveFlowScaler(double halfLifeMinutes, double multiplier, double initialScale)
    {
        if (!(halfLifeMinutes > 0) || !(multiplier > 0) || !(initialScale > 0))
        {
            throw new ArgumentException("adaptive scaler needs a positive half-life, multiplier and initial scale.");
        }

        HalfLifeMinutes = halfLifeMinutes;
        Multiplier = multiplier;
        InitialScale = initialScale;
        _weight = 1 - Math.Pow(2, -1 / halfLifeMinutes);
    }

    public double HalfLifeMinutes { get; }

    public double Multiplier { get; }

    public double InitialScale { get; }

    public override string Kind => Name;

    public override bool Stateful => true;

    public override double InitialState => InitialScale;

    /// <summary>Fits the initial scale to the training flows: their mean absolute value.</summary>
    public static AdaptiveFlowScaler Fit(IReadOnlyList<double> flows, double halfLifeMinutes = 1440, double multiplier = 4)
    {
        double mean = flows.Count == 0 ? 0 : flows.Average(Math.Abs);
        return new AdaptiveFlowScaler(halfLifeMinutes, multiplier, mean > 0 ? mean : 1e-9);
    }

    public override float Scale(double flow, double state) => (float)(flow / (Multiplier * state));

    public override double Unscale(float scaled, double state) => scaled * Multiplier * state;

    public override double Factor(double state) => 1 / (Multiplier * state);

    public override double Observe(double state, double flow)
    {
        double next = state + (_weight * (Math.Min(Math.Abs(flow), Winsor * state) - state));
        return Math.Max(next, InitialScale * 1e-6);
    }

    public override void WriteMetadata(IDictionary<string, string> metadata)
    {
        metadata[KindKey] = Name;
        metadata["scaler_half_life_minutes"] = Format(HalfLifeMinutes);
        metadata["scaler_multiplier"] = Format(Multiplier);
        metadata["scaler_initial"] = Format(InitialScale);
    }
}
