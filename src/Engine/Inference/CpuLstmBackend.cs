using StreamForecast.Engine.Kernels;

namespace StreamForecast.Engine.Inference;

/// <summary>
/// The managed CPU engine. A batched step gathers the active series' (h, c) from the caller's state
/// buffer, computes all layers for a tile of up to 64 series with one matrix product per layer, and
/// scatters the new state back. Tiles are shared between the worker threads. Steady state allocates nothing.
/// </summary>
internal sealed unsafe class CpuLstmBackend : IRecurrentBackend, IParallelWork
{
    private const int MaxTile = 64;

    /// <summary>Below this many series one thread is faster than the hand-off.</summary>
    private const int ParallelThreshold = 16;

    private readonly PackedLstm _packed;
    private readonly WorkerPool _pool;
    private readonly Workspace[] _workspaces;
    private readonly bool _referenceKernels;

    // The call in flight, for the pool threads. Set and cleared by Step.
    private CpuLstmState? _state;
    private int* _slots;
    private float* _inputs;
    private float* _outputs;
    private int _count;
    private int _tile;
    private int _nextTile;

    /// <param name="parameters">The model; packed once, later changes to it are not seen.</param>
    /// <param name="workers">Threads per step, the caller included; 0 = one per processor.</param>
    /// <param name="referenceKernels">Use the scalar reference matrix kernel (tests only).</param>
    public CpuLstmBackend(LstmParameters parameters, int workers = 0, bool referenceKernels = false)
    {
        _packed = new PackedLstm(parameters, panels: true);
        _referenceKernels = referenceKernels;
        _pool = new WorkerPool(workers > 0 ? workers : Environment.ProcessorCount);
        _workspaces = [.. Enumerable.Range(0, _pool.Workers).Select(_ => new Workspace(Shape, MaxTile))];
    }

    public LstmShape Shape => _packed.Shape;

    public IRecurrentState CreateState(int capacity) => new CpuLstmState(Shape, capacity);

    public void Step(IRecurrentState state, ReadOnlySpan<int> slots, ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        if (state is not CpuLstmState cpuState)
        {
            throw new ArgumentException("The state was not created by the CPU backend.", nameof(state));
        }

        int n = slots.Length;
        if (inputs.Length != n * Shape.InputSize)
        {
            throw new ArgumentException($"Inputs hold {inputs.Length} floats; {n} series x {Shape.InputSize} inputs expected.", nameof(inputs));
        }

        if (outputs.Length != n * Shape.OutputSize)
        {
            throw new ArgumentException($"Outputs hold {outputs.Length} floats; {n} series x {Shape.OutputSize} outputs expected.", nameof(outputs));
        }

        foreach (int slot in slots)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)slot, (uint)cpuState.Capacity, nameof(slots));
        }

        fixed (int* pSlots = slots)
        fixed (float* pInputs = inputs)
        fixed (float* pOutputs = outputs)
        {
            _state = cpuState;
            _slots = pSlots;
            _inputs = pInputs;
            _outputs = pOutputs;
            _count = n;
            _nextTile = 0;
            try
            {
                if (n < ParallelThreshold || _pool.Workers == 1)
                {
                    _tile = MaxTile;
                    Execute(0);
                }
                else
                {
                    _tile = Math.Clamp((n + _pool.Workers - 1) / _pool.Workers, 1, MaxTile);
                    _pool.Run(this);
                }
            }
            finally
            {
                _state = null;
                _slots = null;
                _inputs = _outputs = null;
            }
        }
    }

    public void Execute(int worker)
    {
        Workspace workspace = _workspaces[worker];
        while (true)
        {
            int start = (Interlocked.Increment(ref _nextTile) - 1) * _tile;
            if (start >= _count)
            {
                return;
            }

            int count = Math.Min(_tile, _count - start);
            RunTile(
                workspace,
                new ReadOnlySpan<int>(_slots + start, count),
                new ReadOnlySpan<float>(_inputs + (start * Shape.InputSize), count * Shape.InputSize),
                new Span<float>(_outputs + (start * Shape.OutputSize), count * Shape.OutputSize));
        }
    }

    public void Dispose() => _pool.Dispose();

    private void RunTile(Workspace ws, ReadOnlySpan<int> slots, ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        CpuLstmState state = _state!;
        int n = slots.Length, hidden = Shape.HiddenSize, gates = Shape.GateSize;
        for (int layer = 0; layer < Shape.Layers; layer++)
        {
            int inputSize = Shape.LayerInputSize(layer);
            int width = inputSize + hidden;
            ReadOnlySpan<float> layerInput = layer == 0 ? inputs : ws.Hidden;
            ReadOnlySpan<float> bias = _packed.Bias(layer);
            for (int r = 0; r < n; r++)
            {
                Span<float> row = ws.Concat.Slice(r * width, width);
                layerInput.Slice(r * inputSize, inputSize).CopyTo(row);
                state.Hidden(layer, slots[r]).CopyTo(row[inputSize..]);
                state.Cell(layer, slots[r]).CopyTo(ws.CellPrevious.Slice(r * hidden, hidden));
                bias.CopyTo(ws.Gates.Slice(r * gates, gates));
            }

            if (n < 4 && !_referenceKernels)
            {
                // Single rows stream the weights; panels make that stream sequential. Same FMAs, same bits.
                ReadOnlySpan<float> panels = _packed.Panels(layer);
                for (int column = 0; column < gates; column += PackedLstm.PanelWidth)
                {
                    int panelWidth = Math.Min(PackedLstm.PanelWidth, gates - column);
                    Gemm.MultiplyAdd(n, panelWidth, width, ws.Concat, width, 1, panels[(column * width)..], panelWidth, ws.Gates[column..], gates);
                }
            }
            else
            {
                Multiply(n, gates, width, ws.Concat, width, _packed.Weights(layer), gates, ws.Gates, gates);
            }
            LstmCell.Forward(n, hidden, ws.Gates, ws.CellPrevious, ws.Cell, ws.Hidden, ws.TanhCell);
            for (int r = 0; r < n; r++)
            {
                ws.Hidden.Slice(r * hidden, hidden).CopyTo(state.Hidden(layer, slots[r]));
                ws.Cell.Slice(r * hidden, hidden).CopyTo(state.Cell(layer, slots[r]));
            }
        }

        int outputSize = Shape.OutputSize;
        for (int r = 0; r < n; r++)
        {
            _packed.HeadBias.CopyTo(outputs.Slice(r * outputSize, outputSize));
        }

        Multiply(n, outputSize, hidden, ws.Hidden, hidden, _packed.HeadWeight, outputSize, outputs, outputSize);
        LstmCell.Activate(_packed.Activation, outputs);
    }

    private void Multiply(int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc)
    {
        if (_referenceKernels)
        {
            Gemm.MultiplyAddReference(m, n, k, a, lda, 1, b, ldb, c, ldc);
        }
        else
        {
            Gemm.MultiplyAdd(m, n, k, a, lda, 1, b, ldb, c, ldc);
        }
    }

    /// <summary>Per-thread scratch for one tile.</summary>
    private sealed class Workspace(LstmShape shape, int rows)
    {
        private readonly float[] _concat = new float[rows * (Math.Max(shape.InputSize, shape.HiddenSize) + shape.HiddenSize)];
        private readonly float[] _gates = new float[rows * shape.GateSize];
        private readonly float[] _cellPrevious = new float[rows * shape.HiddenSize];
        private readonly float[] _cell = new float[rows * shape.HiddenSize];
        private readonly float[] _hidden = new float[rows * shape.HiddenSize];
        private readonly float[] _tanhCell = new float[rows * shape.HiddenSize];

        /// <summary>(rows, I_k + H): <c>[x | h]</c>.</summary>
        public Span<float> Concat => _concat;

        /// <summary>(rows, 4H).</summary>
        public Span<float> Gates => _gates;

        public Span<float> CellPrevious => _cellPrevious;

        public Span<float> Cell => _cell;

        /// <summary>(rows, H): the layer's new h, which is the next layer's input.</summary>
        public Span<float> Hidden => _hidden;

        public Span<float> TanhCell => _tanhCell;
    }
}
