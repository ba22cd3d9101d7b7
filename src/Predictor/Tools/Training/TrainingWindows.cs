using System.Diagnostics;

namespace StreamForecast.Predictor.Tools.Training;

/// <summary>Stream-cut inputs (L, B) and targets (L, B, O) of one part of the data, time-major for the engine's trainer.</summary>
internal sealed class TrainingWindows
{
    private readonly float[] _inputs;
    private readonly float[] _targets;
    private readonly int _batch;
    private readonly int _outputs;

    private TrainingWindows(float[] inputs, float[] targets, int length, int batch, int outputs)
    {
        _inputs = inputs;
        _targets = targets;
        Length = length;
        _batch = batch;
        _outputs = outputs;
    }

    /// <summary>L: steps in each stream.</summary>
    public int Length { get; }

    /// <summary>Sample i: input s[i], targets s[i + 1 .. i + O]; null if there are fewer samples than streams.</summary>
    public static TrainingWindows? Create(ReadOnlySpan<float> scaled, int batch, int outputs)
    {
        int samples = scaled.Length - outputs;
        int length = samples / batch;
        if (length < 1)
        {
            return null;
        }

        float[] inputs = FlowDataset.Streams(scaled, batch, length);
        float[] targets = new float[length * batch * outputs];
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < length; t++)
            {
                int sample = (b * length) + t;
                for (int o = 0; o < outputs; o++)
                {
                    targets[(((t * batch) + b) * outputs) + o] = scaled[sample + 1 + o];
                }
            }
        }

        Debug.Assert(inputs.Length == length * batch, "streams cover the samples");
        return new TrainingWindows(inputs, targets, length, batch, outputs);
    }

    public ReadOnlySpan<float> Inputs(int start, int steps) => _inputs.AsSpan(start * _batch, steps * _batch);

    public ReadOnlySpan<float> Targets(int start, int steps) => _targets.AsSpan(start * _batch * _outputs, steps * _batch * _outputs);
}
