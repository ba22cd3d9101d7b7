namespace StreamForecast.Engine.Kernels;

/// <summary>
/// A fixed set of threads that run one <see cref="IParallelWork"/> together with the caller, without
/// allocating per call (unlike <c>Parallel.For</c>), so a batched step stays allocation-free. Workers
/// spin briefly before blocking: a step lasts tens of microseconds, and waking a blocked thread costs
/// about as much.
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    private const int SpinCount = 2047;
    private const int CallerSpins = 200;

    private readonly Thread[] _threads;
    private readonly ManualResetEventSlim[] _go;
    // The caller waits on a preallocated monitor: ManualResetEventSlim creates its lock object lazily the
    // first time it really blocks, which would be an allocation in the middle of a steady state.
    private readonly object _gate = new();
    private IParallelWork? _work;
    private Exception? _failure;
    private int _remaining;
    private volatile bool _stopping;

    public WorkerPool(int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        Workers = workers;
        _threads = new Thread[workers - 1];
        _go = new ManualResetEventSlim[workers - 1];
        for (int i = 0; i < _threads.Length; i++)
        {
            int worker = i + 1;
            _go[i] = new ManualResetEventSlim(false, SpinCount);
            _threads[i] = new Thread(() => Loop(worker)) { IsBackground = true, Name = $"lstm-worker-{worker}" };
            _threads[i].Start();
        }
    }

    /// <summary>Threads that execute work, the caller included.</summary>
    public int Workers { get; }

    /// <summary>Runs <paramref name="work"/> on every worker and returns when all are done.</summary>
    public void Run(IParallelWork work)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        if (Workers == 1)
        {
            work.Execute(0);
            return;
        }

        _work = work;
        _failure = null;
        _remaining = _threads.Length;
        foreach (ManualResetEventSlim go in _go)
        {
            go.Set();
        }

        try
        {
            work.Execute(0);
        }
        catch (Exception ex)
        {
            Interlocked.CompareExchange(ref _failure, ex, null);
        }

        WaitForWorkers();
        _work = null;
        if (_failure is { } failure)
        {
            throw new AggregateException("A worker failed.", failure);
        }
    }

    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        foreach (ManualResetEventSlim go in _go)
        {
            go.Set();
        }

        foreach (Thread thread in _threads)
        {
            thread.Join();
        }

        foreach (ManualResetEventSlim go in _go)
        {
            go.Dispose();
        }
    }

    private void WaitForWorkers()
    {
        var spinner = default(SpinWait);
        while (Volatile.Read(ref _remaining) > 0)
        {
            if (spinner.Count >= CallerSpins)
            {
                lock (_gate)
                {
                    while (Volatile.Read(ref _remaining) > 0)
                    {
                        Monitor.Wait(_gate);
                    }
                }

                return;
            }

            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    private void Loop(int worker)
    {
        ManualResetEventSlim go = _go[worker - 1];
        while (true)
        {
            go.Wait();
            go.Reset();
            if (_stopping)
            {
                return;
            }

            try
            {
                _work!.Execute(worker);
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref _failure, ex, null);
            }

            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                lock (_gate)
                {
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }
}
