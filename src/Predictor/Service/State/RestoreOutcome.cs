using Microsoft.Extensions.Logging;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Store;
using StreamForecast.Predictor.Service.Telemetry;

namespace StreamForecast.Predictor.Service.State;

/// <summary>
/// What a restore did, by series (its newest record restored, or refused with a reason), and, once the series limit
/// is reached, which series held is the least recently active: the one a more recent record replaces.
/// </summary>
internal sealed class RestoreOutcome
{
    private readonly Dictionary<string, string?> _outcomes = new(StringComparer.Ordinal);
    private PriorityQueue<(SeriesStore Store, string Series), (long LastBar, long Offset)>? _leastRecent;

    public int RestoredCount => _outcomes.Count(pair => pair.Value is null);

    /// <summary>Older copies of a series' state ignored because a more recent one was read.</summary>
    public int Stale { get; set; }

    /// <summary>The reason code of each series refused.</summary>
    public IReadOnlyList<string> Refusals => [.. _outcomes.Values.OfType<string>()];

    /// <summary>The series' record so far was restored (null) or refused for <paramref name="refusal"/>.</summary>
    public void Note(string series, string? refusal) => _outcomes[series] = refusal;

    /// <summary>A series was restored (its recency tracked once the limit is reached).</summary>
    public void Restored(SeriesStore store, string series)
    {
        if (_leastRecent is not null && store.TryGet(series, out int slot))
        {
            _leastRecent.Enqueue((store, series), StateRecord.Recency(store.Layout, store.Row(slot)));
        }
    }

    /// <summary>
    /// At the series limit: frees the least recently active series held if <paramref name="recency"/> is more recent
    /// (it is refused series-limit, its bars dead-lettered); false if every series held is at least as recent.
    /// </summary>
    public bool MakeRoom(ModelRouter router, (long LastBar, long Offset)? recency, ILogger log)
    {
        _leastRecent ??= Held(router);
        while (_leastRecent.TryPeek(out var oldest, out var oldestRecency))
        {
            if (!oldest.Store.TryGet(oldest.Series, out int slot) || StateRecord.Recency(oldest.Store.Layout, oldest.Store.Row(slot)) != oldestRecency)
            {
                // Gone, or restored again since it was queued (that restore queued it anew).
                _leastRecent.Dequeue();
                continue;
            }

            if (!StateRecord.IsOlder(oldestRecency, recency))
            {
                return false;
            }

            _leastRecent.Dequeue();
            oldest.Store.Remove(oldest.Series);
            Note(oldest.Series, StateRecord.SeriesLimit);
            Log.StateRefused(log, $"state of {oldest.Series}: a more recently active series takes its place within Predictor:MaxSeries = {router.MaxSeries}");
            return true;
        }

        return false;
    }

    private static PriorityQueue<(SeriesStore, string), (long, long)> Held(ModelRouter router)
    {
        var queue = new PriorityQueue<(SeriesStore, string), (long, long)>(Comparer<(long, long)>.Default);
        foreach (ForecastProcessor processor in router.Processors)
        {
            SeriesStore store = processor.Store;
            for (int slot = 0; slot < store.SlotLimit; slot++)
            {
                if (store.InUse(slot))
                {
                    queue.Enqueue((store, store.Name(slot)), StateRecord.Recency(store.Layout, store.Row(slot)));
                }
            }
        }

        return queue;
    }
}
