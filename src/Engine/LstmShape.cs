namespace StreamForecast.Engine;

/// <summary>Sizes of a stacked LSTM with a linear head, as in PyTorch's <c>nn.LSTM</c> + <c>nn.Linear</c>.</summary>
internal readonly record struct LstmShape(int InputSize, int HiddenSize, int Layers, int OutputSize)
{
    /// <summary>Rows of every gate matrix: i, f, g, o stacked.</summary>
    public int GateSize => 4 * HiddenSize;

    /// <summary>Floats of (h or c) state for one series: <c>layers × hidden</c>.</summary>
    public int StatePerSeries => Layers * HiddenSize;

    public int LayerInputSize(int layer) => layer == 0 ? InputSize : HiddenSize;

    public void Validate()
    {
        if (InputSize < 1 || HiddenSize < 1 || Layers < 1 || OutputSize < 1)
        {
            throw new ArgumentException($"Invalid LSTM shape {this}: every size must be at least 1.");
        }
    }

    public override string ToString() =>
        $"input {InputSize}, {Layers} x {HiddenSize} hidden, output {OutputSize}";
}
