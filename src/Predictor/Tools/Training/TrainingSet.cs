namespace StreamForecast.Predictor.Tools.Training;

/// <summary>
/// The series a model is trained on: one (a per-series model) or several pooled (a global model, which scales
/// each series by its own adaptive scale). Each series is split chronologically: its last share is held out.
/// </summary>
internal sealed class TrainingSet
{
    public TrainingSet(IReadOnlyList<(string Series, FlowDataset Data)> series)
    {
        if (series.Count == 0)
        {
            throw new ArgumentException("no series to train on.");
        }

        Series = series;
    }

    public IReadOnlyList<(string Series, FlowDataset Data)> Series { get; }

    /// <summary>Several series: a global model.</summary>
    public bool Pooled => Series.Count > 1;

    public long Bars => Series.Sum(part => part.Data.Bars);

    public int Flows => Series.Sum(part => part.Data.Flows.Length);

    /// <summary>What the checkpoint's <c>series</c> says: the one name, or every name joined by commas.</summary>
    public string Names => string.Join(',', Series.Select(part => part.Series));

    public long FirstTimestamp => Series.Min(part => part.Data.FirstTimestamp);

    public long LastTimestamp => Series.Max(part => part.Data.LastTimestamp);

    public static TrainingSet One(string series, FlowDataset data) => new([(series, data)]);

    /// <summary>Flows held out of series <paramref name="index"/> for validation.</summary>
    public int ValidationCount(int index, double share) => (int)(Series[index].Data.Flows.Length * share);

    /// <summary>Every series' training flows, one after another (what a fixed scaler is fitted on).</summary>
    public double[] TrainingFlows(double share) =>
        [.. Series.SelectMany((part, i) => part.Data.Flows[..^ValidationCount(i, share)])];

    /// <summary>The lowest and highest close the series had: a per-series model warns when served far outside them.</summary>
    public (double Min, double Max) PriceRange => (Series.Min(part => part.Data.MinClose), Series.Max(part => part.Data.MaxClose));
}
