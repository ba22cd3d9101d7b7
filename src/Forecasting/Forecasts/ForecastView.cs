namespace StreamForecast.Forecasting.Forecasts;

/// <summary>
/// A forecast just issued for one bar of a series, as spans over the processor's scratch: valid only during
/// the <see cref="IForecastSink.Forecast"/> call that receives it.
/// </summary>
internal readonly ref struct ForecastView
{
    public ForecastView(int index, string series, long asOf, double close, ReadOnlySpan<double> lstm, ReadOnlySpan<double> origins, ReadOnlySpan<double> slopes, ReadOnlySpan<double> halfWidths)
    {
        Index = index;
        Series = series;
        AsOf = asOf;
        Close = close;
        Lstm = lstm;
        Origins = origins;
        Slopes = slopes;
        HalfWidths = halfWidths;
    }

    /// <summary>The bar's index in the bars given to <see cref="ForecastProcessor.Process"/>.</summary>
    public int Index { get; }

    public string Series { get; }

    /// <summary>The bar's minute (unix s): forecasts are for AsOf + h minutes.</summary>
    public long AsOf { get; }

    /// <summary>The bar's close.</summary>
    public double Close { get; }

    /// <summary>K.</summary>
    public int Horizon => Lstm.Length;

    /// <summary>The LSTM's closes, h = 1..K.</summary>
    public ReadOnlySpan<double> Lstm { get; }

    /// <summary>Each baseline's line origin, in report order after the LSTM.</summary>
    public ReadOnlySpan<double> Origins { get; }

    /// <summary>Each baseline's line slope.</summary>
    public ReadOnlySpan<double> Slopes { get; }

    /// <summary>
    /// The interval half-widths it was issued with, (interval models, K, levels) as in
    /// <see cref="Intervals.IntervalSettings.Index"/>; NaN where none is published yet; empty when intervals are off.
    /// </summary>
    public ReadOnlySpan<double> HalfWidths { get; }

    /// <summary>Model <paramref name="model"/>'s close at h (see <see cref="ModelNames"/>).</summary>
    public double ClosePrediction(int model, int h) => model == ModelNames.LstmIndex ? Lstm[h - 1] : Origins[model - 1] + (h * Slopes[model - 1]);
}
