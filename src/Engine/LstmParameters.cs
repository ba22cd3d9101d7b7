using StreamForecast.Engine.Checkpoints;

namespace StreamForecast.Engine;

/// <summary>
/// All weights of a stacked LSTM with a linear head in one flat buffer, each tensor in PyTorch's layout
/// and under PyTorch's name. Gradients and optimizer moments use the same layout, so the optimizer and
/// gradient clipping work on one span.
/// </summary>
/// <remarks>
/// Per layer k: <c>lstm.weight_ih_l{k}</c> (4H × I_k), <c>lstm.weight_hh_l{k}</c> (4H × H),
/// <c>lstm.bias_ih_l{k}</c> (4H), <c>lstm.bias_hh_l{k}</c> (4H); then <c>head.weight</c> (O × H) and
/// <c>head.bias</c> (O). Gate rows are ordered i, f, g, o.
/// </remarks>
internal sealed class LstmParameters
{
    public LstmParameters(LstmShape shape, HeadActivation activation)
    {
        shape.Validate();
        Shape = shape;
        Activation = activation;
        Tensors = Layout(shape);
        Values = new float[Tensors[^1].Offset + Tensors[^1].Length];
    }

    public LstmShape Shape { get; }

    public HeadActivation Activation { get; }

    /// <summary>The named tensors in buffer order.</summary>
    public IReadOnlyList<ParameterTensor> Tensors { get; }

    public float[] Values { get; }

    public int Count => Values.Length;

    /// <summary>Creates the tensor layout of <paramref name="shape"/>: names, shapes and offsets.</summary>
    public static IReadOnlyList<ParameterTensor> Layout(LstmShape shape)
    {
        var tensors = new List<ParameterTensor>(4 * shape.Layers + 2);
        int offset = 0;
        void Add(string name, params int[] dims)
        {
            var tensor = new ParameterTensor(name, dims, offset);
            tensors.Add(tensor);
            offset += tensor.Length;
        }

        for (int layer = 0; layer < shape.Layers; layer++)
        {
            Add($"lstm.weight_ih_l{layer}", shape.GateSize, shape.LayerInputSize(layer));
            Add($"lstm.weight_hh_l{layer}", shape.GateSize, shape.HiddenSize);
            Add($"lstm.bias_ih_l{layer}", shape.GateSize);
            Add($"lstm.bias_hh_l{layer}", shape.GateSize);
        }

        Add("head.weight", shape.OutputSize, shape.HiddenSize);
        Add("head.bias", shape.OutputSize);
        return tensors;
    }

    /// <summary>
    /// PyTorch's default initialisation: every LSTM tensor U(-1/√H, 1/√H); <c>nn.Linear</c>'s
    /// Kaiming-uniform(a=√5) head, which is U(-1/√fan_in, 1/√fan_in) for weight and bias alike.
    /// Deterministic for a given seed.
    /// </summary>
    public static LstmParameters Initialize(LstmShape shape, HeadActivation activation, int seed)
    {
        var parameters = new LstmParameters(shape, activation);
        var random = new Random(seed);
        float bound = 1f / MathF.Sqrt(shape.HiddenSize);
        Span<float> values = parameters.Values;
        for (int i = 0; i < values.Length; i++)
        {
            // fan_in of the head is H as well, so one bound serves every tensor.
            values[i] = (float)(((random.NextDouble() * 2.0) - 1.0) * bound);
        }

        return parameters;
    }

    /// <summary>A tensor of this layout inside <paramref name="buffer"/> (values when null; else a gradient or moment).</summary>
    public Span<float> Tensor(int index, float[]? buffer = null) =>
        (buffer ?? Values).AsSpan(Tensors[index].Offset, Tensors[index].Length);

    public Span<float> WeightIh(int layer, float[]? buffer = null) => Tensor(4 * layer, buffer);

    public Span<float> WeightHh(int layer, float[]? buffer = null) => Tensor((4 * layer) + 1, buffer);

    public Span<float> BiasIh(int layer, float[]? buffer = null) => Tensor((4 * layer) + 2, buffer);

    public Span<float> BiasHh(int layer, float[]? buffer = null) => Tensor((4 * layer) + 3, buffer);

    public Span<float> HeadWeight(float[]? buffer = null) => Tensor(4 * Shape.Layers, buffer);

    public Span<float> HeadBias(float[]? buffer = null) => Tensor((4 * Shape.Layers) + 1, buffer);
}
