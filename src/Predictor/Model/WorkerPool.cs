namespace StreamForecast.Predictor.Model;

/// <summary>
/// A fixed set of threads that run one <see cref="IParallelWork"/> together with the caller, without
/// allocating per call (unlike <c>Parallel.For</c>), so a batched step stays allocation-free.
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    private readonly Barrier _barrier;
    private readonly Thread[] _threads;
    private IParallelWork? _work;
    private Exception? _failure;
    private bool _stopping;

    public WorkerPool(int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        Workers = workers;
        _barrier = new Barrier(workers);
        _threads = new Thread[workers - 1];
        for (int i = 0; i < _threads.Length; i++)
        {
            int worker = i + 1;
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
        _barrier.SignalAndWait();
        try
        {
            work.Execute(0);
        }
        catch (Exception ex)
        {
            _failure ??= ex;
        }

        _barrier.SignalAndWait();
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
        if (Workers > 1)
        {
            _barrier.SignalAndWait();
            foreach (Thread thread in _threads)
            {
                thread.Join();
            }
        }

        _barrier.Dispose();
    }

    private void Loop(int worker)
    {
        while (true)
        {
            _barrier.SignalAndWait();
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

            _barrier.SignalAndWait();
        }
    }
}
