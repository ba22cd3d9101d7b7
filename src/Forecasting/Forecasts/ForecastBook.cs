using StreamForecast.Forecasting.Intervals;
using StreamForecast.Forecasting.Preprocessing;
using StreamForecast.Forecasting.Scoring;
using StreamForecast.Forecasting.Store;

namespace StreamForecast.Forecasting.Forecasts;

/// <summary>
/// A series' forecasts from issue to realisation, over its row: a bar first realises every pending forecast
/// made 1..K minutes before it (each model scored, each interval chain fed), then its own forecast is issued
/// (recorded as pending, with the interval half-widths known now) and handed out. A forecast for t + h is
/// scored only by a bar at exactly t + h; one whose minute never comes is replaced in the ring unscored.
/// </summary>
internal sealed class ForecastBook
{
    private const long Minute = 60;

    private readonly RowLayout _layout;
    private readonly PendingForecasts _pending;
    private readonly ScoreBoard _scores;
    private readonly IIntervalMethod? _intervals;
    private readonly FlowScaler _scaler;
    private readonly int _horizon;
    private readonly int _models;
    private readonly double[] _predicted;
    private readonly bool[] _realised;
    private readonly double[] _lstm;
    private readonly double[] _origins;
    private readonly double[] _slopes;
    private readonly double[] _halfWidths;

    public ForecastBook(RowLayout layout, ForecastComposer composer, ForecastModel model, ForecastSettings settings)
    {
        _layout = layout;
        _scaler = model.Scaler;
        _pending = new PendingForecasts(layout, composer, model.Scaler.InitialState);
        _scores = new ScoreBoard(layout);
        IntervalSettings intervals = settings.Intervals;
        _intervals = !intervals.Enabled ? null
            : intervals.Method == IntervalMethod.Aci ? new AdaptiveConformal(layout, intervals) : new QuantileTracking(layout, intervals);
        Metrics = new RowMetrics(layout, intervals);
        _horizon = settings.Horizon;
        _models = ModelNames.All.Length;
        _predicted = new double[_horizon * _models];
        _realised = new bool[_horizon];
        _lstm = new double[_horizon];
        _origins = new double[_models - 1];
        _slopes = new double[_models - 1];
        _halfWidths = new double[intervals.Enabled ? intervals.Models.Count * _horizon * intervals.Levels.Count : 0];
    }

    /// <summary>Reads a series' running metrics from its row.</summary>
    public RowMetrics Metrics { get; }

    /// <summary>
    /// What each model forecast a minute before the series' newest bar, for that minute (in report order), and
    /// that bar's close; false when no forecast was made a minute before it or the series just restarted.
    /// </summary>
    public bool LastMinute(ReadOnlySpan<byte> row, Span<double> predicted, out double actual)
    {
        actual = _layout.LastClose.Get(row);
        if (!double.IsFinite(actual) || !_pending.TryFind(row, _layout.LastTime.Get(row) - Minute, out int entry))
        {
            return false;
        }

        _pending.Closes(row, entry, 1, predicted);
        return true;
    }

    /// <summary>Scores every pending forecast the bar at <paramref name="timestamp"/> realises; tells the sink when there was one.</summary>
    public void Realise(Span<byte> row, int index, string series, long timestamp, double actual, IForecastSink sink)
    {
        bool any = false;
        for (int h = 1; h <= _horizon; h++)
        {
            long made = timestamp - (h * Minute);
            _realised[h - 1] = _pending.TryFind(row, made, out int entry);
            if (!_realised[h - 1])
            {
                continue;
            }

            any = true;
            Span<double> predicted = _predicted.AsSpan((h - 1) * _models, _models);
            _pending.Closes(row, entry, h, predicted);
            _layout.Realised.At(row, h - 1)++;
            double close = _pending.Close(row, entry), factor = _scaler.Factor(_pending.ScalerState(row, entry));
            for (int model = 0; model < _models; model++)
            {
                _scores.Add(row, model, h, predicted[model], actual, close, factor);
            }

            _intervals?.Realise(row, h, made / Minute, predicted, actual);
        }

        if (any)
        {
            sink.Realised(new Realisation(index, series, timestamp, actual, _predicted, _realised, _models));
        }
    }

    /// <summary>Records the forecast made at <paramref name="timestamp"/> from its recipe and hands it to the sink with its half-widths.</summary>
    public void Issue(Span<byte> row, int index, string series, long timestamp, double close, double scalerState, ReadOnlySpan<float> scaled, ReadOnlySpan<double> parameters, IForecastSink sink)
    {
        int entry = _pending.Add(row, timestamp, close, scalerState, scaled, parameters);
        _intervals?.Issue(row, timestamp / Minute, _halfWidths);
        _pending.Lines(row, entry, _lstm, _origins, _slopes);
        sink.Forecast(new ForecastView(index, series, timestamp, close, _lstm, _origins, _slopes, _halfWidths));
    }
}
