using StreamForecast.Forecasting.Baselines;

namespace StreamForecast.Forecasting.Forecasts;

/// <summary>
/// The forecasters every prediction carries, in report order: the LSTM, then the baselines in the order
/// <see cref="BaselineSettings.Create"/> makes them (their names are theirs; nothing repeats the list).
/// </summary>
internal static class ModelNames
{
    public const string Lstm = "lstm";
    public const string Naive = "naive";
    public const int LstmIndex = 0;

    public static readonly string[] All = [Lstm, .. BaselineSettings.Default.Create().Select(baseline => baseline.Name)];

    public static readonly int NaiveIndex = Array.IndexOf(All, Naive);

    /// <summary>"all", "none", or model names separated by commas: their indexes, in report order.</summary>
    public static IReadOnlyList<int> Parse(string list) => list.Trim() switch
    {
        "all" => [.. Enumerable.Range(0, All.Length)],
        "none" => [],
        _ => [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => Array.IndexOf(All, name) is int index and >= 0 ? index : throw new FormatException($"'{name}' is not a model ({string.Join(", ", All)})"))
            .Distinct().Order()],
    };
}
