namespace StreamForecast.Engine.Checkpoints;

/// <summary>The tensors and the <c>__metadata__</c> strings of a safetensors file.</summary>
internal sealed record SafeTensorFile(IReadOnlyDictionary<string, SafeTensor> Tensors, IReadOnlyDictionary<string, string> Metadata)
{
    public SafeTensor this[string name] =>
        Tensors.TryGetValue(name, out SafeTensor? tensor) ? tensor : throw new KeyNotFoundException($"No tensor named {name}.");
}
