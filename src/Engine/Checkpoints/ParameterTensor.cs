namespace StreamForecast.Engine.Checkpoints;

/// <summary>One named tensor inside the flat parameter buffer, named and shaped as in PyTorch.</summary>
internal sealed record ParameterTensor(string Name, int[] Shape, int Offset)
{
    public int Length => Shape.Aggregate(1, (product, size) => product * size);
}
