using StreamForecast.Engine.Kernels;

namespace StreamForecast.Engine.Training;

/// <summary>
/// Stateful truncated-BPTT training: each call trains on one window of T steps for B streams, starting
/// from the state the previous window ended in (Keras <c>stateful=True</c>: the state is carried, its
/// gradient is not). Loss is the mean squared error over every step and output. The batch is split into
/// a fixed number of parts, each with its own gradient buffer, which the worker threads share out; the
/// summed gradients are clipped and fed to Adam. The split, not the thread count, fixes the rounding,
/// so a seed gives the same model on any machine.
/// </summary>
internal sealed class LstmTrainer : IParallelWork, IDisposable
{
    private readonly LstmParameters _parameters;
    private readonly PackedLstm _packed;
    private readonly AdamOptimizer _optimizer;
    private readonly double _clipNorm;
    private readonly WorkerPool _pool;
    private readonly Part[] _parts;
    private int _steps;
    private bool _update;
    private float _lossScale;
    private int _nextPart;

    /// <param name="parameters">Trained in place.</param>
    /// <param name="optimizer">Adam over <paramref name="parameters"/>.</param>
    /// <param name="batch">B, the number of streams.</param>
    /// <param name="maxSteps">The longest window T.</param>
    /// <param name="clipNorm">Global gradient-norm limit; 0 or less disables clipping.</param>
    /// <param name="parts">Gradient partitions of the batch (at most B).</param>
    /// <param name="workers">Threads, the caller included; 0 = one per processor.</param>
    public LstmTrainer(
        LstmParameters parameters, AdamOptimizer optimizer, int batch, int maxSteps, double clipNorm, int parts = 2, int workers = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        parts = Math.Min(parts, batch);
        _parameters = parameters;
        _packed = new PackedLstm(parameters);
        _optimizer = optimizer;
        _clipNorm = clipNorm;
        _pool = new WorkerPool(Math.Min(workers > 0 ? workers : Environment.ProcessorCount, parts));
        Batch = batch;
        _parts = new Part[parts];
        int start = 0;
        for (int i = 0; i < _parts.Length; i++)
        {
            int size = (batch / _parts.Length) + (i < batch % _parts.Length ? 1 : 0);
            _parts[i] = new Part(parameters.Shape, start, size, maxSteps, parameters.Count);
            start += size;
        }
    }

    public int Batch { get; }

    /// <summary>Global gradient norm of the last update, before clipping.</summary>
    public double LastGradientNorm { get; private set; }

    /// <summary>One optimizer step on a window; returns its loss before the update.</summary>
    /// <param name="steps">T.</param>
    /// <param name="inputs">(T, B, I).</param>
    /// <param name="targets">(T, B, O).</param>
    /// <param name="hidden">(layers, B, H): the carried state in, the window's final state out.</param>
    /// <param name="cell">(layers, B, H): likewise.</param>
    public float TrainStep(int steps, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, Span<float> hidden, Span<float> cell) =>
        Run(steps, inputs, targets, hidden, cell, update: true);

    /// <summary>The loss on a window without updating; the state is carried all the same.</summary>
    public float Evaluate(int steps, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, Span<float> hidden, Span<float> cell) =>
        Run(steps, inputs, targets, hidden, cell, update: false);

    public void Execute(int worker)
    {
        int index;
        while ((index = Interlocked.Increment(ref _nextPart) - 1) < _parts.Length)
        {
            RunPart(_parts[index]);
        }
    }

    public void Dispose() => _pool.Dispose();

    private void RunPart(Part part)
    {
        LstmSequence sequence = part.Sequence;
        sequence.Forward(_packed, _steps, part.Inputs.AsSpan(0, _steps * part.InputStride), part.Hidden, part.Cell, part.Hidden, part.Cell);
        ReadOnlySpan<float> outputs = sequence.Outputs;
        Span<float> targets = part.Targets.AsSpan(0, outputs.Length);
        double loss = 0;
        for (int i = 0; i < outputs.Length; i++)
        {
            float error = outputs[i] - targets[i];
            loss += (double)error * error;

            // Reuse the targets buffer for dL/dy = 2 (y - t) / N.
            targets[i] = error * _lossScale;
        }

        part.Loss = loss;
        if (_update)
        {
            Array.Clear(part.Gradients);
            sequence.Backward(_parameters, targets, [], [], part.Gradients, [], [], []);
        }
    }

    private float Run(int steps, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, Span<float> hidden, Span<float> cell, bool update)
    {
        LstmShape shape = _parameters.Shape;
        int state = shape.Layers * Batch * shape.HiddenSize;
        if (inputs.Length != steps * Batch * shape.InputSize || targets.Length != steps * Batch * shape.OutputSize
            || hidden.Length != state || cell.Length != state)
        {
            throw new ArgumentException(
                $"Window of {steps} steps for {Batch} streams needs inputs (T, B, {shape.InputSize}), targets (T, B, {shape.OutputSize}) and states ({shape.Layers}, B, {shape.HiddenSize}).");
        }

        _steps = steps;
        _update = update;
        int outputs = steps * Batch * shape.OutputSize;
        _lossScale = 2f / outputs;
        foreach (Part part in _parts)
        {
            part.Gather(steps, Batch, shape, inputs, targets, hidden, cell);
        }

        _nextPart = 0;
        _pool.Run(this);

        double loss = 0;
        foreach (Part part in _parts)
        {
            part.Scatter(Batch, shape, hidden, cell);
            loss += part.Loss;
        }

        if (update)
        {
            float[] gradients = _parts[0].Gradients;
            for (int i = 1; i < _parts.Length; i++)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(gradients, _parts[i].Gradients, gradients);
            }

            LastGradientNorm = _clipNorm > 0 ? GradientClipping.ClipByNorm(gradients, _clipNorm) : double.NaN;
            _optimizer.Step(_parameters.Values, gradients);
            _packed.Refresh(_parameters);
        }

        return (float)(loss / outputs);
    }

    /// <summary>One worker's contiguous share of the streams, with its own copies of its rows.</summary>
    private sealed class Part(LstmShape shape, int start, int size, int maxSteps, int parameterCount)
    {
        public LstmSequence Sequence { get; } = new(shape, size, maxSteps);

        public int InputStride { get; } = size * shape.InputSize;

        public float[] Inputs { get; } = new float[maxSteps * size * shape.InputSize];

        public float[] Targets { get; } = new float[maxSteps * size * shape.OutputSize];

        public float[] Hidden { get; } = new float[shape.Layers * size * shape.HiddenSize];

        public float[] Cell { get; } = new float[shape.Layers * size * shape.HiddenSize];

        public float[] Gradients { get; } = new float[parameterCount];

        public double Loss { get; set; }

        public void Gather(int steps, int batch, LstmShape s, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, ReadOnlySpan<float> hidden, ReadOnlySpan<float> cell)
        {
            Rows(inputs, Inputs, steps, batch, s.InputSize, toPart: true);
            Rows(targets, Targets, steps, batch, s.OutputSize, toPart: true);
            Rows(hidden, Hidden, s.Layers, batch, s.HiddenSize, toPart: true);
            Rows(cell, Cell, s.Layers, batch, s.HiddenSize, toPart: true);
        }

        public void Scatter(int batch, LstmShape s, Span<float> hidden, Span<float> cell)
        {
            Rows(Hidden, hidden, s.Layers, batch, s.HiddenSize, toPart: false);
            Rows(Cell, cell, s.Layers, batch, s.HiddenSize, toPart: false);
        }

        /// <summary>Copies rows [start, start + size) of each of <paramref name="blocks"/> (batch, width) blocks.</summary>
        private void Rows(ReadOnlySpan<float> from, Span<float> to, int blocks, int batch, int width, bool toPart)
        {
            for (int block = 0; block < blocks; block++)
            {
                int whole = ((block * batch) + start) * width, part = block * size * width;
                if (toPart)
                {
                    from.Slice(whole, size * width).CopyTo(to.Slice(part, size * width));
                }
                else
                {
                    from.Slice(part, size * width).CopyTo(to.Slice(whole, size * width));
                }
            }
        }
    }
}
