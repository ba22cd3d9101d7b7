namespace StreamForecast.Engine.Checkpoints;

/// <summary>One tensor read from a safetensors file, decoded to doubles whatever its stored dtype.</summary>
internal sealed record SafeTensor(string Name, string DType, int[] Shape, double[] Values)
{
    public float[] ToSingles() => [.. Values.Select(value => (float)value)];

    public string ShapeText => $"[{string.Join(", ", Shape)}]";
}
