namespace StreamForecast.Predictor.Forecasting;

/// <summary>
/// Everything the processor keeps for one series, as plain data: what a checkpoint stores on revoke and
/// what a new owner restores on assignment. Restoring it and continuing gives the same bits as never
/// having stopped.
/// </summary>
/// <param name="Series">The series key.</param>
/// <param name="ModelId">The model whose state this is (state does not move between models).</param>
/// <param name="LastTimestamp">The differencer's last bar time.</param>
/// <param name="LastClose">Its last close (NaN before the first bar).</param>
/// <param name="ScalerState">The scaler's per-series state.</param>
/// <param name="Hidden">LSTM h, (layers, H).</param>
/// <param name="Cell">LSTM c, (layers, H).</param>
/// <param name="Baselines">Each baseline's state, in report order.</param>
/// <param name="Scores">The running score sums.</param>
/// <param name="Pending">Forecasts whose targets may still arrive.</param>
/// <param name="Counters">Bars, gaps, missing, filled, resets, warm-up.</param>
internal sealed record SeriesSnapshot(
    string Series, string ModelId, long LastTimestamp, double LastClose, double ScalerState, float[] Hidden, float[] Cell,
    double[][] Baselines, double[][] Scores, Forecast[] Pending, long[] Counters);
