namespace StreamForecast.MarketData;

/// <summary>What a reader does with a row that fails validation. Either way the row is counted.</summary>
internal enum BadRowPolicy
{
    /// <summary>Stop with an error naming file, line and reason.</summary>
    Stop,

    /// <summary>Skip the row, count it by reason, and go on.</summary>
    Skip,
}
