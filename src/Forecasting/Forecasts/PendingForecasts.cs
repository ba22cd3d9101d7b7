using StreamForecast.Forecasting.Store;

namespace StreamForecast.Forecasting.Forecasts;

/// <summary>
/// The forecasts a series still waits to realise, in its row: a ring of R = max(K, 2) by minute (a forecast
/// made at minute t sits at t mod R until the one of t + R replaces it, by when its last horizon is past),
/// each kept as its recipe (when, from which close, the LSTM's K scaled outputs, the scaler state where it
/// changes, the baselines' parameters) and turned into closes by the <see cref="ForecastComposer"/>.
/// </summary>
internal sealed class PendingForecasts(RowLayout layout, ForecastComposer composer, double fixedScalerState)
{
    private const long Minute = 60;
    private readonly int _ring = layout.Shape.Pending;
    private readonly int _horizon = layout.Shape.Horizon;
    private readonly int _parameters = layout.Shape.BaselineParameters;
    private readonly bool _scalerState = layout.Shape.ScalerState;

    /// <summary>Where the forecast made at <paramref name="asOf"/> is, if it is still there.</summary>
    public bool TryFind(ReadOnlySpan<byte> row, long asOf, out int entry)
    {
        entry = Entry(asOf);
        return layout.PendingTime.Get(row, entry) == asOf;
    }

    /// <summary>Records the forecast made at <paramref name="asOf"/> (in the place of one made R minutes or more before).</summary>
    public int Add(Span<byte> row, long asOf, double close, double scalerState, ReadOnlySpan<float> scaled, ReadOnlySpan<double> parameters)
    {
        int entry = Entry(asOf);
        layout.PendingTime.At(row, entry) = asOf;
        layout.PendingClose.At(row, entry) = close;
        if (_scalerState)
        {
            layout.PendingScaler.At(row, entry) = scalerState;
        }

        scaled.CopyTo(Scaled(row, entry));
        parameters.CopyTo(Parameters(row, entry));
        return entry;
    }

    public double Close(ReadOnlySpan<byte> row, int entry) => layout.PendingClose.Get(row, entry);

    /// <summary>The scaler state the forecast was made with.</summary>
    public double ScalerState(ReadOnlySpan<byte> row, int entry) => _scalerState ? layout.PendingScaler.Get(row, entry) : fixedScalerState;

    /// <summary>Every model's close at <paramref name="h"/>, in report order.</summary>
    public void Closes(ReadOnlySpan<byte> row, int entry, int h, Span<double> closes) =>
        composer.Closes(Scaled(row, entry), ScalerState(row, entry), Parameters(row, entry), Close(row, entry), h, closes);

    /// <summary>The LSTM's closes at h = 1..K and each baseline's line.</summary>
    public void Lines(ReadOnlySpan<byte> row, int entry, Span<double> lstm, Span<double> origins, Span<double> slopes)
    {
        double close = Close(row, entry);
        composer.LstmCloses(Scaled(row, entry), ScalerState(row, entry), close, lstm);
        composer.Lines(Parameters(row, entry), close, origins, slopes);
    }

    private ReadOnlySpan<float> Scaled(ReadOnlySpan<byte> row, int entry) => layout.PendingScaled.In(row).Slice(entry * _horizon, _horizon);

    private Span<float> Scaled(Span<byte> row, int entry) => layout.PendingScaled.In(row).Slice(entry * _horizon, _horizon);

    private ReadOnlySpan<double> Parameters(ReadOnlySpan<byte> row, int entry) => layout.PendingLines.In(row).Slice(entry * _parameters, _parameters);

    private Span<double> Parameters(Span<byte> row, int entry) => layout.PendingLines.In(row).Slice(entry * _parameters, _parameters);

    private int Entry(long asOf) => (int)((((asOf / Minute) % _ring) + _ring) % _ring);
}
