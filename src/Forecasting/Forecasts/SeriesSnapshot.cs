using StreamForecast.Forecasting.Intervals;
using StreamForecast.Forecasting.Scoring;

namespace StreamForecast.Forecasting.Forecasts;

/// <summary>
/// Everything the processor keeps for one series, as plain data: what a checkpoint stores and what an
/// owner restores (see State/SeriesStateCodec). Restoring it and continuing gives the same bits as never
/// having stopped.
/// </summary>
/// <param name="Series">The series key.</param>
/// <param name="LastTimestamp">The differencer's last bar time (orders later bars).</param>
/// <param name="LastClose">Its last close (NaN before the first bar of a segment).</param>
/// <param name="ScalerState">The scaler's per-series state.</param>
/// <param name="Layers">The LSTM's layers (<paramref name="Hidden"/> and <paramref name="Cell"/> hold layers × H values each).</param>
/// <param name="Hidden">LSTM h, (layers, H).</param>
/// <param name="Cell">LSTM c, (layers, H).</param>
/// <param name="Baselines">Each baseline's state, in report order.</param>
/// <param name="Scores">The running score sums.</param>
/// <param name="Intervals">The conformal intervals' errors, working levels and scores.</param>
/// <param name="Pending">Forecasts a later bar can still realise, oldest first.</param>
/// <param name="Counters">Bars, gaps, missing, filled, resets, warm-up, skipped.</param>
internal sealed record SeriesSnapshot(
    string Series, long LastTimestamp, double LastClose, double ScalerState, int Layers, float[] Hidden, float[] Cell,
    double[][] Baselines, ScoreSums Scores, IntervalState Intervals, PendingForecast[] Pending, long[] Counters);

/// <summary>A forecast waiting for its target minutes, as its recipe.</summary>
/// <param name="AsOf">When it was made.</param>
/// <param name="Close">The close it was made from.</param>
/// <param name="Recipe">What its closes are made of.</param>
/// <param name="HalfWidths">The interval half-widths it was issued with (see <see cref="Forecast.HalfWidths"/>).</param>
internal sealed record PendingForecast(long AsOf, double Close, ForecastRecipe Recipe, double[]? HalfWidths);
