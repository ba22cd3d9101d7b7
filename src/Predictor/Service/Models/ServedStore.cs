using StreamForecast.Forecasting.Store;

namespace StreamForecast.Predictor.Service.Models;

/// <summary>
/// A series store the service checkpoints: the fingerprint its state records carry, and whether its rows are a
/// challenger's in shadow (their records keyed <c>SERIES#challenger</c>, beside the served row's keyed by the series).
/// </summary>
internal sealed record ServedStore(SeriesStore Store, ulong Fingerprint, bool Shadow)
{
    /// <summary>The suffix of a shadow row's key: in the state topic as in the scores and metrics topics.</summary>
    public const string ShadowSuffix = "#challenger";

    public string Key(int slot) => Shadow ? Store.Name(slot) + ShadowSuffix : Store.Name(slot);

    /// <summary>The series a state record's key names, and whether it is a challenger's row in shadow.</summary>
    public static (string Series, bool Shadow) ParseKey(string key) =>
        key.EndsWith(ShadowSuffix, StringComparison.Ordinal) ? (key[..^ShadowSuffix.Length], true) : (key, false);
}
