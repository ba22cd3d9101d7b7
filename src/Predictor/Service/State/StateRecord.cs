using StreamForecast.Forecasting.Forecasts;

namespace StreamForecast.Predictor.Service.State;

/// <summary>
/// Decides whether a state record read back is applied: only a well-formed record of this format and this
/// model's fingerprint is; anything else starts its series fresh, with a reason from a fixed set (a metric tag).
/// </summary>
internal static class StateRecord
{
    public const string OtherModel = "other-model";
    public const string Corrupt = "corrupt";

    /// <returns>The state, or null with the reason in <paramref name="refused"/>.</returns>
    public static (StateHeader Header, SeriesSnapshot Snapshot)? Decode(string series, byte[] value, ulong fingerprint, int horizon, out (string Code, string Detail) refused)
    {
        refused = default;
        try
        {
            var decoded = SeriesStateCodec.Read(series, value, horizon);
            if (decoded.Header.Fingerprint != fingerprint)
            {
                refused = (OtherModel, $"state of {series} belongs to model fingerprint {decoded.Header.Fingerprint:x16}, not {fingerprint:x16}");
                return null;
            }

            return decoded;
        }
        catch (InvalidDataException ex)
        {
            refused = (Corrupt, $"state of {series}: {ex.Message}");
            return null;
        }
    }
}
