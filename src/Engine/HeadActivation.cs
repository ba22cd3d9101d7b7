namespace StreamForecast.Engine;

/// <summary>Activation after the linear head; stored as <c>head_activation</c> in checkpoint metadata.</summary>
internal enum HeadActivation
{
    Identity,
    Tanh,
}
