using Microsoft.Extensions.Logging;
using StreamForecast.Contracts;

namespace StreamForecast.Predictor.Service.Telemetry;

/// <summary>
/// The log lines of dead letters, bounded under a flood: in each minute the first <see cref="PerReason"/> of each
/// reason are logged in full, the rest only counted, and once the minute is over one summary line gives the count
/// of every reason (and how many were not logged). The dead-letter metric stays exact; only the log is thinned.
/// </summary>
internal sealed class DeadLetterLog(ILogger log, TimeProvider time)
{
    /// <summary>Dead letters of one reason logged in full per minute.</summary>
    public const int PerReason = 5;

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly long[] _counts = new long[Rejection.Codes.Count];
    private long _windowStart = time.GetTimestamp();
    private bool _any;

    /// <summary>One dead letter: logged in full if it is among the first of its reason this minute.</summary>
    public void Write(string source, Rejection rejection)
    {
        Tick();
        int reason = Index(rejection.Code);
        _any = true;
        if (++_counts[reason] <= PerReason)
        {
            Log.DeadLettered(log, source, rejection.Code, rejection.Detail);
        }
    }

    /// <summary>Ends the minute once it is over: one summary line if any dead letter came. Called by the loop so the summary comes even when the flood stops.</summary>
    public void Tick()
    {
        if (time.GetElapsedTime(_windowStart) < Window)
        {
            return;
        }

        Flush();
    }

    /// <summary>Writes the summary of the minute so far (if any dead letter came) and starts a new one.</summary>
    public void Flush()
    {
        _windowStart = time.GetTimestamp();
        if (!_any)
        {
            return;
        }

        long total = 0;
        long unlogged = 0;
        var parts = new List<string>();
        for (int i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] > 0)
            {
                parts.Add(FormattableString.Invariant($"{Rejection.Codes[i]} {_counts[i]}"));
                total += _counts[i];
                unlogged += Math.Max(0, _counts[i] - PerReason);
            }
        }

        Log.DeadLetterSummary(log, total, string.Join(", ", parts), unlogged);
        Array.Clear(_counts);
        _any = false;
    }

    private static int Index(string code)
    {
        for (int i = 0; i < Rejection.Codes.Count; i++)
        {
            if (string.Equals(Rejection.Codes[i], code, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new ArgumentException($"unknown dead-letter code {code}", nameof(code));
    }
}
