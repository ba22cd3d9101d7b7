using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Store;

namespace StreamForecast.Forecasting.Scoring;

/// <summary>
/// Running error sums per model and horizon, in a series' row. Every model is scored on the same forecasts
/// (those whose target bar arrived: <see cref="RowLayout.Realised"/> per h), so the ratios to the naive
/// forecast compare like with like.
/// </summary>
internal sealed class ScoreBoard(RowLayout layout)
{
    private readonly int _horizon = layout.Shape.Horizon;

    /// <summary>One model's realised forecast at h (the caller counts the realisation once, in <see cref="RowLayout.Realised"/>).</summary>
    /// <param name="row">The series' row.</param>
    /// <param name="model">Index into <see cref="ModelNames.All"/>.</param>
    /// <param name="h">1..K.</param>
    /// <param name="predicted">Forecast close.</param>
    /// <param name="actual">Actual close at the target minute.</param>
    /// <param name="lastClose">The close when the forecast was made.</param>
    /// <param name="scaleFactor">d(scaled)/d(flow) then.</param>
    public void Add(Span<byte> row, int model, int h, double predicted, double actual, double lastClose, double scaleFactor)
    {
        int i = (model * _horizon) + h - 1;
        double error = predicted - actual;
        layout.Squared.At(row, i) += error * error;
        layout.Absolute.At(row, i) += Math.Abs(error);
        layout.SquaredScaled.At(row, i) += error * scaleFactor * error * scaleFactor;
        int predictedSign = Math.Sign(predicted - lastClose), actualSign = Math.Sign(actual - lastClose);
        if (predictedSign != 0 && actualSign != 0)
        {
            layout.DirectionTotal.At(row, i)++;
            layout.DirectionHits.At(row, i) += predictedSign == actualSign ? 1 : 0;
        }
    }

    /// <summary>Metrics of <paramref name="model"/> at <paramref name="h"/>; ratios are to naive at the same h.</summary>
    public HorizonMetrics Metrics(ReadOnlySpan<byte> row, int model, int h)
    {
        int i = (model * _horizon) + h - 1, naive = (ModelNames.NaiveIndex * _horizon) + h - 1;
        long n = layout.Realised.Get(row, h - 1);
        ReadOnlySpan<double> squared = layout.Squared.In(row), absolute = layout.Absolute.In(row);
        double rmse = n > 0 ? Math.Sqrt(squared[i] / n) : double.NaN;
        double mae = n > 0 ? absolute[i] / n : double.NaN;
        double naiveRmse = n > 0 ? Math.Sqrt(squared[naive] / n) : double.NaN;
        double naiveMae = n > 0 ? absolute[naive] / n : double.NaN;
        int directions = layout.DirectionTotal.Get(row, i);
        return new HorizonMetrics(
            h,
            n,
            rmse,
            mae,
            n > 0 ? Math.Sqrt(layout.SquaredScaled.Get(row, i) / n) : double.NaN,
            naiveMae > 0 ? mae / naiveMae : double.NaN,
            naiveRmse > 0 ? rmse / naiveRmse : double.NaN,
            directions > 0 ? (double)layout.DirectionHits.Get(row, i) / directions : double.NaN);
    }
}
