using StreamForecast.Forecasting.Forecasts;

namespace StreamForecast.Forecasting.Intervals;

/// <summary>
/// One series' adaptive conformal intervals for every interval model and horizon: the error windows, the
/// working level of each nominal level, and the running interval scores. Cells are (model slot, h), slot
/// an index into <see cref="IntervalSettings.Models"/>; per level at [cell · L + level].
/// </summary>
/// <remarks>
/// Feedback is delayed as the data dictates: a forecast for t + h changes the windows and levels only when
/// the bar at t + h realises it, so it never shapes an interval issued before then.
/// </remarks>
internal sealed class SeriesIntervals
{
    private readonly IntervalSettings _settings;
    private readonly int _horizon;
    private readonly int _levels;
    private readonly ErrorWindow[] _windows;
    private IntervalSums _sums;

    public SeriesIntervals(IntervalSettings settings, int horizon)
    {
        _settings = settings;
        _horizon = horizon;
        _levels = settings.Levels.Count;
        _windows = new ErrorWindow[settings.Models.Count * horizon];
        for (int cell = 0; cell < _windows.Length; cell++)
        {
            _windows[cell] = new ErrorWindow(settings.Window);
        }

        _sums = IntervalSums.Start(settings, _windows.Length);
    }

    /// <summary>
    /// The half-widths of the intervals of a forecast issued now, [cell · L + level]; NaN while a cell has
    /// fewer than the minimum of errors; null when intervals are off.
    /// </summary>
    public double[]? HalfWidths()
    {
        if (!_settings.Enabled)
        {
            return null;
        }

        double[] halfWidths = new double[_windows.Length * _levels];
        for (int cell = 0; cell < _windows.Length; cell++)
        {
            ErrorWindow window = _windows[cell];
            for (int level = 0; level < _levels; level++)
            {
                int i = (cell * _levels) + level;
                halfWidths[i] = window.Count < _settings.MinErrors ? double.NaN : window.HalfWidth(_sums.Working[i]);
            }
        }

        return halfWidths;
    }

    /// <summary>
    /// The bar realising a forecast at <paramref name="h"/> closed at <paramref name="actual"/>: each interval
    /// the forecast was issued with is scored and moves its working level, a ← a + γ(α − miss); then the
    /// absolute error joins the window.
    /// </summary>
    /// <param name="halfWidths">The forecast's <see cref="Forecast.HalfWidths"/>.</param>
    /// <param name="closes">Its close at <paramref name="h"/> of every model, in report order.</param>
    /// <param name="h">The horizon it is realised at.</param>
    /// <param name="actual">The realising bar's close.</param>
    public void Realise(double[]? halfWidths, ReadOnlySpan<double> closes, int h, double actual)
    {
        for (int slot = 0; slot < _settings.Models.Count; slot++)
        {
            double predicted = closes[_settings.Models[slot]];
            int cell = (slot * _horizon) + h - 1;
            if (halfWidths is not null)
            {
                for (int level = 0; level < _levels; level++)
                {
                    int i = (cell * _levels) + level;
                    double halfWidth = halfWidths[i];
                    if (!double.IsNaN(halfWidth))
                    {
                        _sums.Score(i, _settings.Alpha(level), _settings.Gamma, predicted - halfWidth, predicted + halfWidth, actual);
                    }
                }
            }

            _windows[cell].Add(Math.Abs(actual - predicted));
        }
    }

    /// <summary>Scores of the intervals of model slot <paramref name="slot"/> at <paramref name="h"/> and level index <paramref name="level"/>.</summary>
    public IntervalMetrics Metrics(int slot, int h, int level) => _sums.Metrics(_settings.Index(slot, h, _horizon, level));

    /// <summary>A copy of everything, for a series snapshot.</summary>
    public IntervalState Save() => new([.. _windows.Select(window => window.InOrder())], _sums.Copy());

    /// <summary>Takes over a snapshot made under the same settings and K.</summary>
    public void Load(IntervalState state)
    {
        if (state.Errors.Length != _windows.Length || state.Sums.Working.Length != _windows.Length * _levels)
        {
            throw new InvalidDataException($"the interval state has {state.Errors.Length} cells, not {_windows.Length}");
        }

        for (int cell = 0; cell < _windows.Length; cell++)
        {
            _windows[cell].Load(state.Errors[cell]);
        }

        _sums = state.Sums.Copy();
    }
}
