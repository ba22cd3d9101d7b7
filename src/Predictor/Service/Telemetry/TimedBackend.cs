using System.Diagnostics;
using StreamForecast.Engine;
using StreamForecast.Engine.Inference;

namespace StreamForecast.Predictor.Service.Telemetry;

/// <summary>Records every batched engine step's duration; otherwise the wrapped backend, which it owns.</summary>
internal sealed class TimedBackend(IRecurrentBackend inner, PredictorTelemetry telemetry) : IRecurrentBackend
{
    public LstmShape Shape => inner.Shape;

    public IRecurrentState CreateState(int capacity) => inner.CreateState(capacity);

    public void Step(IRecurrentState state, ReadOnlySpan<int> slots, ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        long started = Stopwatch.GetTimestamp();
        inner.Step(state, slots, inputs, outputs);
        telemetry.StepDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    public void Dispose() => inner.Dispose();
}
