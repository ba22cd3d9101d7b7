using StreamForecast.Contracts;
using StreamForecast.MarketData;

namespace StreamForecast.Ingest.Replay;

/// <summary>
/// Bar streams merged by timestamp (ties in stream order, then each stream's own order), as a live feed
/// would arrive: a heap of one cursor a stream, so a bar costs log(streams), whatever the series. Streams are
/// read lazily: nothing is loaded whole.
/// </summary>
internal static class MergedBars
{
    /// <summary>One series a stream.</summary>
    public static IEnumerable<MinuteBar> Merge(IReadOnlyList<(string Series, IEnumerable<Bar> Bars)> inputs) =>
        Merge([.. inputs.Select(input => input.Bars.Select(bar => new MinuteBar(input.Series, bar.Timestamp, bar.Open, bar.High, bar.Low, bar.Close, bar.Volume)))]);

    /// <summary>Streams of any series each, every stream in time order.</summary>
    public static IEnumerable<MinuteBar> Merge(IReadOnlyList<IEnumerable<MinuteBar>> streams)
    {
        var cursors = new List<IEnumerator<MinuteBar>>(streams.Count);
        var queue = new PriorityQueue<int, (long Timestamp, int Stream)>();
        try
        {
            for (int i = 0; i < streams.Count; i++)
            {
                IEnumerator<MinuteBar> cursor = streams[i].GetEnumerator();
                cursors.Add(cursor);
                if (cursor.MoveNext())
                {
                    queue.Enqueue(i, (cursor.Current.Timestamp, i));
                }
            }

            while (queue.TryDequeue(out int stream, out _))
            {
                yield return cursors[stream].Current;
                if (cursors[stream].MoveNext())
                {
                    queue.Enqueue(stream, (cursors[stream].Current.Timestamp, stream));
                }
            }
        }
        finally
        {
            foreach (IEnumerator<MinuteBar> cursor in cursors)
            {
                cursor.Dispose();
            }
        }
    }
}
