namespace StreamForecast.Forecasting.Forecasts;

/// <summary>
/// What one bar realised: the forecasts made 1..K minutes before it, each model's close for this minute.
/// Spans over the processor's scratch, valid only during the <see cref="IForecastSink.Realised"/> call.
/// </summary>
internal readonly ref struct Realisation
{
    private readonly ReadOnlySpan<double> _predicted;
    private readonly ReadOnlySpan<bool> _realised;
    private readonly int _models;

    public Realisation(int index, string series, long timestamp, double actual, ReadOnlySpan<double> predicted, ReadOnlySpan<bool> realised, int models)
    {
        Index = index;
        Series = series;
        Timestamp = timestamp;
        Actual = actual;
        _predicted = predicted;
        _realised = realised;
        _models = models;
    }

    /// <summary>The bar's index in the bars given to <see cref="ForecastProcessor.Process"/>.</summary>
    public int Index { get; }

    public string Series { get; }

    /// <summary>The realising bar's minute.</summary>
    public long Timestamp { get; }

    /// <summary>Its close.</summary>
    public double Actual { get; }

    /// <summary>K.</summary>
    public int Horizon => _realised.Length;

    /// <summary>Whether a forecast made h minutes before this bar was realised by it.</summary>
    public bool Has(int h) => _realised[h - 1];

    /// <summary>Model <paramref name="model"/>'s close for this minute from the forecast made h minutes before (see <see cref="Has"/>).</summary>
    public double Predicted(int h, int model) => _predicted[((h - 1) * _models) + model];
}
