using System.Globalization;

namespace StreamForecast.Forecasting.Preprocessing;

/// <summary>
/// Maps flows to the model's scale and back. Parameters are fixed (stored in the checkpoint); what
/// changes online is one double of per-series state, advanced by <see cref="Observe"/> only after a
/// flow has been scaled, so a value is never scaled with knowledge of itself or of later flows.
/// </summary>
internal abstract class FlowScaler
{
    public const string KindKey = "scaler";

    public abstract string Kind { get; }

    /// <summary>Whether <see cref="Observe"/> changes the state (else every series' state stays <see cref="InitialState"/>).</summary>
    public abstract bool Stateful { get; }

    /// <summary>State of a series that has seen no flow yet.</summary>
    public abstract double InitialState { get; }

    public abstract float Scale(double flow, double state);

    public abstract double Unscale(float scaled, double state);

    /// <summary>d(scaled)/d(flow) at <paramref name="state"/>: turns a price error into a scaled one.</summary>
    public abstract double Factor(double state);

    /// <summary>The state after seeing <paramref name="flow"/>.</summary>
    public virtual double Observe(double state, double flow) => state;

    public abstract void WriteMetadata(IDictionary<string, string> metadata);

    public static FlowScaler FromMetadata(IReadOnlyDictionary<string, string> metadata, string source)
    {
        string kind = metadata.TryGetValue(KindKey, out string? value) ? value : "";
        return kind switch
        {
            MinMaxFlowScaler.Name => new MinMaxFlowScaler(Number(metadata, "scaler_min", source), Number(metadata, "scaler_max", source)),
            AdaptiveFlowScaler.Name => new AdaptiveFlowScaler(
                Number(metadata, "scaler_half_life_minutes", source), Number(metadata, "scaler_multiplier", source), Number(metadata, "scaler_initial", source)),
            _ => throw new InvalidDataException($"{source}: metadata {KindKey} '{kind}' is not {MinMaxFlowScaler.Name} or {AdaptiveFlowScaler.Name}; train the model with './stream predictor train'."),
        };
    }

    protected static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static double Number(IReadOnlyDictionary<string, string> metadata, string key, string source) =>
        metadata.TryGetValue(key, out string? text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
            ? value
            : throw new InvalidDataException($"{source}: metadata {key} is missing or not a number.");
}
