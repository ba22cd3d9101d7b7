using StreamForecast.Forecasting.Baselines;
using StreamForecast.Forecasting.Preprocessing;
using StreamForecast.Forecasting.Scoring;

namespace StreamForecast.Forecasting.Forecasts;

/// <summary>Everything the processor keeps for one series between bars (its LSTM (h, c) is in a state slot).</summary>
internal sealed class SeriesState(string name, int slot, GapPolicy gaps, double scalerState, IBaseline[] baselines, SeriesScorer scorer)
{
    public string Name { get; } = name;

    /// <summary>The series' slot in the processor's recurrent state.</summary>
    public int Slot { get; } = slot;

    public FlowDifferencer Differencer { get; } = new(gaps);

    public double ScalerState { get; set; } = scalerState;

    public IBaseline[] Baselines { get; } = baselines;

    /// <summary>Pending forecasts and running scores.</summary>
    public SeriesScorer Scorer { get; } = scorer;

    /// <summary>True while a step for this series waits in the current engine batch.</summary>
    public bool InBatch { get; set; }

    public long Bars { get; set; }

    /// <summary>Bars that followed missing minutes (every gap is counted).</summary>
    public long Gaps { get; set; }

    public long MissingMinutes { get; set; }

    public long FilledMinutes { get; set; }

    /// <summary>Restarts after gaps beyond the limit (the first bar is not counted).</summary>
    public long Resets { get; set; }

    /// <summary>Bars without a forecast: a segment's first bar has no flow yet.</summary>
    public long Warmup { get; set; }

    /// <summary>Bars skipped because their minute was not after the series' last one.</summary>
    public long Skipped { get; set; }
}
