namespace StreamForecast.Forecasting.Preprocessing;

/// <summary>
/// The textbook scaler: min-max to [-1, 1], fitted once on the training flows and applied unchanged
/// online (later flows may fall outside [-1, 1]; nothing is clipped).
/// </summary>
internal sealed class MinMaxFlowScaler : FlowScaler
{
    public const string Name = "minmax";

    public MinMaxFlowScaler(double min, double max)
    {
        if (!(max > min))
        {
            throw new ArgumentException($"min-max scaler needs max > min (got {min}, {max}); the training flows are constant.");
        }

        Min = min;
        Max = max;
    }

    public double Min { get; }

    public double Max { get; }

    public override string Kind => Name;

    public override bool Stateful => false;

    public override double InitialState => 0;

    public static MinMaxFlowScaler Fit(IEnumerable<double> flows)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double flow in flows)
        {
            min = Math.Min(min, flow);
            max = Math.Max(max, flow);
        }

        return new MinMaxFlowScaler(min, max);
    }

    public override float Scale(double flow, double state) => (float)((2 * (flow - Min) / (Max - Min)) - 1);

    public override double Unscale(float scaled, double state) => ((scaled + 1.0) / 2 * (Max - Min)) + Min;

    public override double Factor(double state) => 2 / (Max - Min);

    public override void WriteMetadata(IDictionary<string, string> metadata)
    {
        metadata[KindKey] = Name;
        metadata["scaler_min"] = Format(Min);
        metadata["scaler_max"] = Format(Max);
    }
}
