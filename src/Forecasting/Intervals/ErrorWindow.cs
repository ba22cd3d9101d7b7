namespace StreamForecast.Forecasting.Intervals;

/// <summary>
/// The most recent W absolute errors of one series, model and horizon, kept both in arrival order (to drop
/// the oldest) and sorted (so a quantile is one lookup, and an update a binary search and a move).
/// </summary>
internal sealed class ErrorWindow(int capacity)
{
    private readonly double[] _ring = new double[capacity];
    private readonly double[] _sorted = new double[capacity];
    private int _oldest;

    public int Count { get; private set; }

    public void Add(double error)
    {
        if (Count == capacity)
        {
            Replace(_ring[_oldest], error);
            _ring[_oldest] = error;
            _oldest = (_oldest + 1) % capacity;
        }
        else
        {
            _ring[(_oldest + Count) % capacity] = error;
            InsertSorted(error, Count);
            Count++;
        }
    }

    /// <summary>
    /// The conformal half-width at working level <paramref name="a"/>: the largest error if a ≤ 0, 0 if a ≥ 1,
    /// else the k-th smallest with k = ⌈(1 − a)(n + 1)⌉ (the largest if k > n). Needs at least one error.
    /// </summary>
    public double HalfWidth(double a)
    {
        int n = Count;
        if (a <= 0)
        {
            return _sorted[n - 1];
        }

        if (a >= 1)
        {
            return 0;
        }

        double k = Math.Ceiling((1 - a) * (n + 1));
        return k > n ? _sorted[n - 1] : _sorted[(int)k - 1];
    }

    /// <summary>The errors, oldest first (what a durable state stores).</summary>
    public double[] InOrder()
    {
        double[] errors = new double[Count];
        int head = Math.Min(Count, capacity - _oldest);
        Array.Copy(_ring, _oldest, errors, 0, head);
        Array.Copy(_ring, 0, errors, head, Count - head);
        return errors;
    }

    /// <summary>
    /// The window as it was after these errors, oldest first (replacing what it held). One sort instead of an
    /// insertion each: doubles that compare equal here (absolute errors: never −0 or NaN) have the same bits,
    /// so the sorted array is the one the insertions would have built.
    /// </summary>
    public void Load(ReadOnlySpan<double> errors)
    {
        if (errors.Length > capacity)
        {
            throw new InvalidDataException($"{errors.Length} errors do not fit a window of {capacity}");
        }

        (_oldest, Count) = (0, errors.Length);
        errors.CopyTo(_ring);
        errors.CopyTo(_sorted);
        Array.Sort(_sorted, 0, Count);
    }

    private void InsertSorted(double error, int used)
    {
        int at = Array.BinarySearch(_sorted, 0, used, error);
        at = at < 0 ? ~at : at;
        Array.Copy(_sorted, at, _sorted, at + 1, used - at);
        _sorted[at] = error;
    }

    /// <summary>The oldest error out and the new one in, moving only the values between their places.</summary>
    private void Replace(double oldest, double error)
    {
        int removed = Array.BinarySearch(_sorted, 0, Count, oldest);
        int at = Array.BinarySearch(_sorted, 0, Count, error);
        at = at < 0 ? ~at : at;
        if (at <= removed)
        {
            Array.Copy(_sorted, at, _sorted, at + 1, removed - at);
            _sorted[at] = error;
        }
        else
        {
            Array.Copy(_sorted, removed + 1, _sorted, removed, at - 1 - removed);
            _sorted[at - 1] = error;
        }
    }
}
