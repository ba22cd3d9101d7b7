using StreamForecast.Engine.Kernels;

namespace StreamForecast.Engine.Training;

/// <summary>
/// Forward over a window of T steps for a contiguous batch of series, keeping what back-propagation
/// through time needs, and the backward pass that accumulates parameter gradients. Single-threaded;
/// <see cref="LstmTrainer"/> runs one per worker. All tensors are time-major.
/// </summary>
internal sealed class LstmSequence
{
    private readonly LstmShape _shape;
    private readonly int _batch;
    private readonly int _maxSteps;

    // Per (step, layer): [x | h_prev], activated gates, c, tanh(c), h.
    private readonly float[][] _concat;
    private readonly float[][] _gates;
    private readonly float[][] _cell;
    private readonly float[][] _tanhCell;
    private readonly float[][] _hidden;
    private readonly float[] _outputs;
    private readonly float[] _cellInitial;

    // Backward scratch.
    private readonly float[] _gateGradient;
    private readonly float[] _hiddenGradient;
    private readonly float[] _belowGradient;
    private readonly float[][] _recurrentHidden;
    private readonly float[][] _recurrentCell;
    private readonly float[] _outputGradient;
    private int _steps;

    public LstmSequence(LstmShape shape, int batch, int maxSteps)
    {
        shape.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSteps, 1);
        _shape = shape;
        _batch = batch;
        _maxSteps = maxSteps;
        int cells = maxSteps * shape.Layers, h = shape.HiddenSize;
        _concat = [.. Enumerable.Range(0, cells).Select(i => new float[batch * (shape.LayerInputSize(i % shape.Layers) + h)])];
        _gates = Allocate(cells, batch * shape.GateSize);
        _cell = Allocate(cells, batch * h);
        _tanhCell = Allocate(cells, batch * h);
        _hidden = Allocate(cells, batch * h);
        _outputs = new float[maxSteps * batch * shape.OutputSize];
        _cellInitial = new float[shape.Layers * batch * h];
        _gateGradient = new float[batch * shape.GateSize];
        _hiddenGradient = new float[batch * h];
        _belowGradient = new float[batch * Math.Max(h, shape.InputSize)];
        _recurrentHidden = Allocate(shape.Layers, batch * h);
        _recurrentCell = Allocate(shape.Layers, batch * h);
        _outputGradient = new float[batch * shape.OutputSize];
    }

    /// <summary>Head outputs of the last forward, (T, batch, O).</summary>
    public ReadOnlySpan<float> Outputs => _outputs.AsSpan(0, _steps * _batch * _shape.OutputSize);

    /// <summary>
    /// Runs T steps from the initial state and writes the outputs and the final state.
    /// </summary>
    /// <param name="packed">The weights.</param>
    /// <param name="steps">T.</param>
    /// <param name="inputs">(T, batch, I).</param>
    /// <param name="hiddenInitial">(layers, batch, H).</param>
    /// <param name="cellInitial">(layers, batch, H).</param>
    /// <param name="hiddenFinal">(layers, batch, H); may alias <paramref name="hiddenInitial"/>.</param>
    /// <param name="cellFinal">(layers, batch, H); may alias <paramref name="cellInitial"/>.</param>
    public void Forward(
        PackedLstm packed, int steps, ReadOnlySpan<float> inputs,
        ReadOnlySpan<float> hiddenInitial, ReadOnlySpan<float> cellInitial,
        Span<float> hiddenFinal, Span<float> cellFinal)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(steps, _maxSteps);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        int b = _batch, h = _shape.HiddenSize, gates = _shape.GateSize, layers = _shape.Layers;
        CheckLength(inputs, steps * b * _shape.InputSize, nameof(inputs));
        CheckLength(hiddenInitial, layers * b * h, nameof(hiddenInitial));
        CheckLength(cellInitial, layers * b * h, nameof(cellInitial));
        CheckLength(hiddenFinal, layers * b * h, nameof(hiddenFinal));
        CheckLength(cellFinal, layers * b * h, nameof(cellFinal));
        _steps = steps;
        cellInitial.CopyTo(_cellInitial);

        for (int t = 0; t < steps; t++)
        {
            for (int layer = 0; layer < layers; layer++)
            {
                int cache = (t * layers) + layer;
                int inputSize = _shape.LayerInputSize(layer), width = inputSize + h;
                ReadOnlySpan<float> x = layer == 0 ? inputs.Slice(t * b * inputSize, b * inputSize) : _hidden[cache - 1];
                ReadOnlySpan<float> hPrev = t == 0 ? hiddenInitial.Slice(layer * b * h, b * h) : _hidden[cache - layers];
                ReadOnlySpan<float> cPrev = CellPrevious(t, layer);
                Span<float> concat = _concat[cache];
                Span<float> gate = _gates[cache];
                for (int r = 0; r < b; r++)
                {
                    x.Slice(r * inputSize, inputSize).CopyTo(concat.Slice(r * width, inputSize));
                    hPrev.Slice(r * h, h).CopyTo(concat.Slice((r * width) + inputSize, h));
                    packed.Bias(layer).CopyTo(gate.Slice(r * gates, gates));
                }

                Gemm.MultiplyAdd(b, gates, width, concat, width, 1, packed.Weights(layer), gates, gate, gates);
                LstmCell.Forward(b, h, gate, cPrev, _cell[cache], _hidden[cache], _tanhCell[cache]);
            }

            int o = _shape.OutputSize;
            Span<float> y = _outputs.AsSpan(t * b * o, b * o);
            for (int r = 0; r < b; r++)
            {
                packed.HeadBias.CopyTo(y.Slice(r * o, o));
            }

            Gemm.MultiplyAdd(b, o, h, _hidden[(t * layers) + layers - 1], h, 1, packed.HeadWeight, o, y, o);
            LstmCell.Activate(packed.Activation, y);
        }

        for (int layer = 0; layer < layers; layer++)
        {
            int last = ((steps - 1) * layers) + layer;
            _hidden[last].CopyTo(hiddenFinal.Slice(layer * b * h, b * h));
            _cell[last].CopyTo(cellFinal.Slice(layer * b * h, b * h));
        }
    }

    /// <summary>
    /// Back-propagates through the last forward and adds the parameter gradients to
    /// <paramref name="gradients"/> (the layout of <see cref="LstmParameters"/>).
    /// </summary>
    /// <param name="parameters">The weights the forward used, in PyTorch layout.</param>
    /// <param name="outputGradient">(T, batch, O): dL/dy.</param>
    /// <param name="hiddenFinalGradient">(layers, batch, H) dL/dh_T, or empty for none.</param>
    /// <param name="cellFinalGradient">(layers, batch, H) dL/dc_T, or empty for none.</param>
    /// <param name="gradients">Parameter gradients, accumulated.</param>
    /// <param name="inputGradient">(T, batch, I) dL/dx out, or empty to skip.</param>
    /// <param name="hiddenInitialGradient">(layers, batch, H) dL/dh_0 out, or empty to skip.</param>
    /// <param name="cellInitialGradient">(layers, batch, H) dL/dc_0 out, or empty to skip.</param>
    public void Backward(
        LstmParameters parameters, ReadOnlySpan<float> outputGradient,
        ReadOnlySpan<float> hiddenFinalGradient, ReadOnlySpan<float> cellFinalGradient,
        float[] gradients, Span<float> inputGradient, Span<float> hiddenInitialGradient, Span<float> cellInitialGradient)
    {
        int b = _batch, h = _shape.HiddenSize, gates = _shape.GateSize, layers = _shape.Layers, o = _shape.OutputSize;
        int steps = _steps;
        CheckLength(outputGradient, steps * b * o, nameof(outputGradient));
        CheckLength(gradients, parameters.Count, nameof(gradients));
        for (int layer = 0; layer < layers; layer++)
        {
            InitialOrZero(hiddenFinalGradient, layer, _recurrentHidden[layer]);
            InitialOrZero(cellFinalGradient, layer, _recurrentCell[layer]);
        }

        Span<float> headWeightGradient = parameters.HeadWeight(gradients);
        Span<float> headBiasGradient = parameters.HeadBias(gradients);
        for (int t = steps - 1; t >= 0; t--)
        {
            // Head: y = act(h_top · Wᵀ + b).
            Span<float> dz = _outputGradient.AsSpan(0, b * o);
            outputGradient.Slice(t * b * o, b * o).CopyTo(dz);
            LstmCell.ActivateBackward(parameters.Activation, _outputs.AsSpan(t * b * o, b * o), dz);
            ReadOnlySpan<float> top = _hidden[(t * layers) + layers - 1];
            Gemm.MultiplyAdd(o, h, b, dz, 1, o, top, h, headWeightGradient, h);
            AddColumnSums(dz, b, o, headBiasGradient);
            Span<float> fromAbove = _belowGradient.AsSpan(0, b * h);
            fromAbove.Clear();
            Gemm.MultiplyAdd(b, h, o, dz, o, 1, parameters.HeadWeight(), h, fromAbove, h);

            for (int layer = layers - 1; layer >= 0; layer--)
            {
                int cache = (t * layers) + layer;
                int inputSize = _shape.LayerInputSize(layer), width = inputSize + h;
                System.Numerics.Tensors.TensorPrimitives.Add(_belowGradient.AsSpan(0, b * h), _recurrentHidden[layer], _hiddenGradient);
                Span<float> dGates = _gateGradient;
                LstmCell.Backward(b, h, _gates[cache], CellPrevious(t, layer), _tanhCell[cache], _hiddenGradient, _recurrentCell[layer], dGates);

                ReadOnlySpan<float> concat = _concat[cache];
                Gemm.MultiplyAdd(gates, inputSize, b, dGates, 1, gates, concat, width, parameters.WeightIh(layer, gradients), inputSize);
                Gemm.MultiplyAdd(gates, h, b, dGates, 1, gates, concat[inputSize..], width, parameters.WeightHh(layer, gradients), h);
                AddColumnSums(dGates, b, gates, parameters.BiasIh(layer, gradients));
                AddColumnSums(dGates, b, gates, parameters.BiasHh(layer, gradients));

                Span<float> recurrent = _recurrentHidden[layer];
                recurrent.Clear();
                Gemm.MultiplyAdd(b, h, gates, dGates, gates, 1, parameters.WeightHh(layer), h, recurrent, h);

                bool needBelow = layer > 0 || !inputGradient.IsEmpty;
                if (needBelow)
                {
                    Span<float> below = layer > 0
                        ? _belowGradient.AsSpan(0, b * h)
                        : inputGradient.Slice(t * b * inputSize, b * inputSize);
                    below.Clear();
                    Gemm.MultiplyAdd(b, inputSize, gates, dGates, gates, 1, parameters.WeightIh(layer), inputSize, below, inputSize);
                }
            }
        }

        for (int layer = 0; layer < layers; layer++)
        {
            if (!hiddenInitialGradient.IsEmpty)
            {
                _recurrentHidden[layer].CopyTo(hiddenInitialGradient.Slice(layer * b * h, b * h));
            }

            if (!cellInitialGradient.IsEmpty)
            {
                _recurrentCell[layer].CopyTo(cellInitialGradient.Slice(layer * b * h, b * h));
            }
        }
    }

    private ReadOnlySpan<float> CellPrevious(int t, int layer) =>
        t == 0
            ? _cellInitial.AsSpan(layer * _batch * _shape.HiddenSize, _batch * _shape.HiddenSize)
            : _cell[((t - 1) * _shape.Layers) + layer];

    private void InitialOrZero(ReadOnlySpan<float> source, int layer, Span<float> destination)
    {
        int size = _batch * _shape.HiddenSize;
        if (source.IsEmpty)
        {
            destination.Clear();
        }
        else
        {
            CheckLength(source, _shape.Layers * size, nameof(source));
            source.Slice(layer * size, size).CopyTo(destination);
        }
    }

    private static void AddColumnSums(ReadOnlySpan<float> matrix, int rows, int columns, Span<float> sums)
    {
        for (int r = 0; r < rows; r++)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(sums, matrix.Slice(r * columns, columns), sums);
        }
    }

    private static float[][] Allocate(int count, int size) => [.. Enumerable.Range(0, count).Select(_ => new float[size])];

    private static void CheckLength(ReadOnlySpan<float> span, int expected, string name)
    {
        if (span.Length != expected)
        {
            throw new ArgumentException($"{name} holds {span.Length} floats; {expected} expected.", name);
        }
    }
}
