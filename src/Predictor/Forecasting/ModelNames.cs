namespace StreamForecast.Predictor.Forecasting;

/// <summary>The forecasters every prediction carries, in report order: the LSTM, then the baselines.</summary>
internal static class ModelNames
{
    public const string Lstm = "lstm";
    public const string Naive = "naive";

    public static readonly string[] All = [Lstm, Naive, "drift", "sma", "ema", "holt"];

    public const int LstmIndex = 0;
    public const int NaiveIndex = 1;
}
