using StreamForecast.Contracts;
using StreamForecast.Forecasting.Store;

namespace StreamForecast.Predictor.Service.Models;

/// <summary>
/// A series store the service checkpoints: the fingerprint its state records carry, and whether its rows are a
/// challenger's in shadow (their records keyed <c>SERIES#challenger</c>, beside the served row's keyed by the series).
/// </summary>
internal sealed record ServedStore(SeriesStore Store, ulong Fingerprint, bool Shadow)
{
    public string Key(int slot) => Shadow ? Store.Name(slot) + ChallengerRecords.KeySuffix : Store.Name(slot);

    /// <summary>The series a state record's key names, and whether it is a challenger's row in shadow.</summary>
    public static (string Series, bool Shadow) ParseKey(string key) =>
        key.EndsWith(ChallengerRecords.KeySuffix, StringComparison.Ordinal) ? (key[..^ChallengerRecords.KeySuffix.Length], true) : (key, false);
}
