using System.Globalization;
using StreamForecast.MarketData;
using StreamForecast.Forecasting.Forecasts;

namespace StreamForecast.Predictor.Tools.Backtest;

/// <summary>What makes a backtest's numbers flatter than live ones: testing on the training range, or a series a per-series model's scaler was not fitted to.</summary>
internal static class TrainingOverlap
{
    public static IEnumerable<string> Warnings(ForecastModel model, string series, DateRange range)
    {
        IReadOnlyDictionary<string, string> metadata = model.Checkpoint.Metadata;
        string trainedOn = metadata.GetValueOrDefault("series", "");
        if (model.IsGlobal && !trainedOn.Split(',').Contains(series, StringComparer.Ordinal))
        {
            yield break;   // a global model scales every series by its own scale; it never saw this one
        }

        if (!model.IsGlobal && trainedOn.Length > 0 && !string.Equals(trainedOn, series, StringComparison.Ordinal))
        {
            yield return $"{model.Id} was trained on {trainedOn}, not {series}, and its scaler is {trainedOn}'s; refit it with --scaler-from/--scaler-to on {series} days before --from";
        }

        if (metadata.TryGetValue("data_from", out string? from) && metadata.TryGetValue("data_to", out string? to)
            && DateTimeOffset.TryParse(from, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset trainedFrom)
            && DateTimeOffset.TryParse(to, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset trainedTo)
            && range.From <= trainedTo.ToUnixTimeSeconds() && range.To > trainedFrom.ToUnixTimeSeconds())
        {
            yield return $"the backtest range overlaps {model.Id}'s training range ({trainedFrom:yyyy-MM-dd HH:mm} to {trainedTo:yyyy-MM-dd HH:mm} UTC): those scores are in-sample";
        }
    }
}
