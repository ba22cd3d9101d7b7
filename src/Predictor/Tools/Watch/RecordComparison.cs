namespace StreamForecast.Predictor.Tools.Watch;

/// <summary>
/// Records read against one uninterrupted run, de-duplicated by (topic, key, asOf) and compared by the SHA-256
/// of their values: the guarantee holds when nothing is missing, different or unexpected, and every duplicate
/// is identical.
/// </summary>
internal sealed record RecordComparison(int Expected, int Read, int Missing, int Differing, int Duplicates, int DifferingDuplicates, int Unexpected)
{
    public bool Identical => Missing == 0 && Differing == 0 && DifferingDuplicates == 0 && Unexpected == 0;

    public static RecordComparison Of(IReadOnlyDictionary<(string Topic, string Key, long AsOf), string> expected, IEnumerable<(string Topic, string Key, long AsOf, string Hash)> read)
    {
        var seen = new Dictionary<(string, string, long), string>();
        int total = 0, duplicates = 0, differingDuplicates = 0, differing = 0, unexpected = 0;
        foreach (var (topic, key, asOf, hash) in read)
        {
            total++;
            if (seen.TryGetValue((topic, key, asOf), out string? first))
            {
                duplicates++;
                differingDuplicates += first == hash ? 0 : 1;
                continue;
            }

            seen[(topic, key, asOf)] = hash;
            if (!expected.TryGetValue((topic, key, asOf), out string? wanted))
            {
                unexpected++;
            }
            else if (wanted != hash)
            {
                differing++;
            }
        }

        return new RecordComparison(expected.Count, total, expected.Keys.Count(key => !seen.ContainsKey(key)), differing, duplicates, differingDuplicates, unexpected);
    }

    public override string ToString() =>
        $"{Expected} records of one uninterrupted run; {Read} read, {Duplicates} duplicates ({DifferingDuplicates} differing); {Missing} missing, {Differing} different, {Unexpected} unexpected";
}
