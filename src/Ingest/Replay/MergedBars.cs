using StreamForecast.Contracts;
using StreamForecast.MarketData;

namespace StreamForecast.Ingest.Replay;

/// <summary>
/// Several series' bar streams merged by timestamp (ties in input order), as a live multi-series feed
/// would arrive. Streams are read lazily: nothing is loaded whole.
/// </summary>
internal static class MergedBars
{
    public static IEnumerable<MinuteBar> Merge(IReadOnlyList<(string Series, IEnumerable<Bar> Bars)> inputs)
    {
        var cursors = new List<IEnumerator<Bar>>(inputs.Count);
        var queue = new PriorityQueue<int, (long Timestamp, int Input)>();
        try
        {
            for (int i = 0; i < inputs.Count; i++)
            {
                IEnumerator<Bar> cursor = inputs[i].Bars.GetEnumerator();
                cursors.Add(cursor);
                if (cursor.MoveNext())
                {
                    queue.Enqueue(i, (cursor.Current.Timestamp, i));
                }
            }

            while (queue.TryDequeue(out int input, out _))
            {
                Bar bar = cursors[input].Current;
                yield return new MinuteBar(inputs[input].Series, bar.Timestamp, bar.Open, bar.High, bar.Low, bar.Close, bar.Volume);
                if (cursors[input].MoveNext())
                {
                    queue.Enqueue(input, (cursors[input].Current.Timestamp, input));
                }
            }
        }
        finally
        {
            foreach (IEnumerator<Bar> cursor in cursors)
            {
                cursor.Dispose();
            }
        }
    }
}
