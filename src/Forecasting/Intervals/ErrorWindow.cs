namespace StreamForecast.Forecasting.Intervals;

/// <summary>
/// ACI's window of the W most recent absolute errors of one series, model and horizon, as code over two spans
/// of its row: the errors in a ring by arrival (to drop the oldest) and the same errors sorted (so a quantile is
/// one lookup, and an update a binary search and a move). After n adds the ring's next place is n mod W.
/// </summary>
internal static class ErrorWindow
{
    /// <summary>
    /// The conformal half-width at working level <paramref name="a"/> of the errors <paramref name="sorted"/> (at
    /// least one): the largest if a ≤ 0, 0 if a ≥ 1, else the k-th smallest with k = ⌈(1 − a)(n + 1)⌉ (the largest if k &gt; n).
    /// </summary>
    public static double HalfWidth(ReadOnlySpan<double> sorted, double a)
    {
        int n = sorted.Length;
        if (a <= 0)
        {
            return sorted[n - 1];
        }

        if (a >= 1)
        {
            return 0;
        }

        double k = Math.Ceiling((1 - a) * (n + 1));
        return k > n ? sorted[n - 1] : sorted[(int)k - 1];
    }

    /// <summary>
    /// The error joins the window after <paramref name="before"/> earlier ones: the oldest (once full) leaves the
    /// ring and the sorted copy, moving only the values between their places. Absolute errors are never −0 or
    /// NaN, so errors that compare equal have the same bits and the sorted copy does not depend on which is found.
    /// </summary>
    /// <param name="ring">W values, by arrival.</param>
    /// <param name="sorted">The same W values sorted (the first min(before, W) are in use).</param>
    /// <param name="before">Errors added before this one.</param>
    /// <param name="error">The new error.</param>
    public static void Add(Span<double> ring, Span<double> sorted, long before, double error)
    {
        int capacity = ring.Length, at = (int)(before % capacity);
        if (before < capacity)
        {
            ring[at] = error;
            int used = (int)before, place = sorted[..used].BinarySearch(error);
            place = place < 0 ? ~place : place;
            sorted[place..used].CopyTo(sorted[(place + 1)..]);
            sorted[place] = error;
            return;
        }

        double oldest = ring[at];
        ring[at] = error;
        int removed = sorted.BinarySearch(oldest), insert = sorted.BinarySearch(error);
        insert = insert < 0 ? ~insert : insert;
        if (insert <= removed)
        {
            sorted[insert..removed].CopyTo(sorted[(insert + 1)..]);
            sorted[insert] = error;
        }
        else
        {
            sorted[(removed + 1)..insert].CopyTo(sorted[removed..]);
            sorted[insert - 1] = error;
        }
    }
}
