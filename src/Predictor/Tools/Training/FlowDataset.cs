using StreamForecast.MarketData;
using StreamForecast.Forecasting.Preprocessing;

namespace StreamForecast.Predictor.Tools.Training;

/// <summary>
/// The flows a series' bars produce under a gap rule, exactly as the online path sees them: zero
/// flows for filled minutes, and no flow across a reset (a segment starts again).
/// </summary>
internal sealed class FlowDataset
{
    private FlowDataset(double[] flows, int[] segmentStarts, long firstTimestamp, long lastTimestamp, long bars, long resets, double minClose, double maxClose)
    {
        MinClose = minClose;
        MaxClose = maxClose;
        Flows = flows;
        SegmentStarts = segmentStarts;
        FirstTimestamp = firstTimestamp;
        LastTimestamp = lastTimestamp;
        Bars = bars;
        Resets = resets;
    }

    public double[] Flows { get; }

    /// <summary>Indexes into <see cref="Flows"/> where a segment (re)starts: the online path resets state there.</summary>
    public int[] SegmentStarts { get; }

    public long FirstTimestamp { get; }

    public long LastTimestamp { get; }

    public long Bars { get; }

    public long Resets { get; }

    /// <summary>The lowest close (NaN without bars).</summary>
    public double MinClose { get; }

    public double MaxClose { get; }

    public static FlowDataset FromBars(IEnumerable<Bar> bars, GapPolicy gaps)
    {
        var differencer = new FlowDifferencer(gaps);
        var flows = new List<double>();
        var starts = new List<int>();
        long first = 0, last = 0, count = 0, resets = 0;
        double min = double.NaN, max = double.NaN;
        foreach (Bar bar in bars)
        {
            min = count == 0 ? bar.Close : Math.Min(min, bar.Close);
            max = count == 0 ? bar.Close : Math.Max(max, bar.Close);
            first = count == 0 ? bar.Timestamp : first;
            last = bar.Timestamp;
            FlowStep step = differencer.Next(bar.Timestamp, bar.Close);
            resets += step.Reset && count > 0 ? 1 : 0;
            if (step.Reset)
            {
                starts.Add(flows.Count);
            }

            count++;
            for (int i = 0; i < step.FilledMinutes; i++)
            {
                flows.Add(0);
            }

            if (step.HasFlow)
            {
                flows.Add(step.Flow);
            }
        }

        return new FlowDataset([.. flows], [.. starts], first, last, count, resets, min, max);
    }

    /// <summary>Scales every flow as the online path would: the scaler's state restarts at each segment.</summary>
    public float[] Scale(FlowScaler scaler)
    {
        float[] scaled = new float[Flows.Length];
        var starts = new HashSet<int>(SegmentStarts);
        double state = scaler.InitialState;
        for (int i = 0; i < Flows.Length; i++)
        {
            state = starts.Contains(i) ? scaler.InitialState : state;
            scaled[i] = scaler.Scale(Flows[i], state);
            state = scaler.Observe(state, Flows[i]);
        }

        return scaled;
    }

    /// <summary>
    /// Cuts scaled values into <paramref name="streams"/> contiguous streams, time-major for
    /// <c>LstmTrainer</c>: stream b holds values [b·L, (b + 1)·L). Returns (T_total = L, values (L, B)).
    /// </summary>
    public static float[] Streams(ReadOnlySpan<float> values, int streams, int length)
    {
        float[] result = new float[length * streams];
        for (int b = 0; b < streams; b++)
        {
            for (int t = 0; t < length; t++)
            {
                result[(t * streams) + b] = values[(b * length) + t];
            }
        }

        return result;
    }
}
