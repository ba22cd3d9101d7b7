namespace StreamForecast.Engine.Kernels;

/// <summary>Work split across the threads of a <see cref="WorkerPool"/>; each thread calls it once.</summary>
internal interface IParallelWork
{
    /// <param name="worker">0 for the calling thread, 1.. for pool threads; indexes per-thread scratch.</param>
    void Execute(int worker);
}
