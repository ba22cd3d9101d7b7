namespace StreamForecast.Forecasting.Preprocessing;

/// <summary>How missing minutes between two bars of a series are treated.</summary>
internal enum GapMode
{
    /// <summary>
    /// Gaps up to the limit are filled with zero flows (the price did not move while no bar came), so
    /// the LSTM and the baselines step through every minute; longer gaps reset the series.
    /// </summary>
    ZeroFill,

    /// <summary>Gaps up to the limit are one step (the whole move in one flow); longer gaps reset.</summary>
    Reset,

    /// <summary>Every gap is one step; nothing is ever reset.</summary>
    Continue,
}
