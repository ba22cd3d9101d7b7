using StreamForecast.Forecasting.Forecasts;

namespace StreamForecast.Forecasting.Scoring;

/// <summary>
/// Running error sums per model and horizon. Every model is scored on the same forecasts (those whose
/// target bar arrived), so the ratios to the naive forecast compare like with like.
/// </summary>
internal sealed class ScoreBoard(int models, int horizon)
{
    private long[] _count = new long[models * horizon];
    private double[] _squared = new double[models * horizon];
    private double[] _absolute = new double[models * horizon];
    private double[] _squaredScaled = new double[models * horizon];
    private long[] _directionHits = new long[models * horizon];
    private long[] _directionTotal = new long[models * horizon];

    /// <param name="model">Index into <see cref="ModelNames.All"/>.</param>
    /// <param name="h">1..K.</param>
    /// <param name="predicted">Forecast close.</param>
    /// <param name="actual">Actual close at the target minute.</param>
    /// <param name="lastClose">The close when the forecast was made.</param>
    /// <param name="scaleFactor">d(scaled)/d(flow) then.</param>
    public void Add(int model, int h, double predicted, double actual, double lastClose, double scaleFactor)
    {
        int i = (model * horizon) + h - 1;
        double error = predicted - actual;
        _count[i]++;
        _squared[i] += error * error;
        _absolute[i] += Math.Abs(error);
        _squaredScaled[i] += error * scaleFactor * error * scaleFactor;
        int predictedSign = Math.Sign(predicted - lastClose), actualSign = Math.Sign(actual - lastClose);
        if (predictedSign != 0 && actualSign != 0)
        {
            _directionTotal[i]++;
            _directionHits[i] += predictedSign == actualSign ? 1 : 0;
        }
    }

    /// <summary>A copy of every sum, for a series snapshot.</summary>
    public ScoreSums Save() => new([.. _count], [.. _squared], [.. _absolute], [.. _squaredScaled], [.. _directionHits], [.. _directionTotal]);

    /// <summary>Takes over the sums of a snapshot of the same shape (its arrays become this board's: the snapshot must not be used again).</summary>
    public void Load(ScoreSums sums)
    {
        if (sums.Count.Length != _count.Length || sums.Squared.Length != _count.Length || sums.Absolute.Length != _count.Length
            || sums.SquaredScaled.Length != _count.Length || sums.DirectionHits.Length != _count.Length || sums.DirectionTotal.Length != _count.Length)
        {
            throw new InvalidDataException($"the scores are for {sums.Count.Length} model-horizon cells, not {_count.Length}");
        }

        (_count, _squared, _absolute, _squaredScaled, _directionHits, _directionTotal) =
            (sums.Count, sums.Squared, sums.Absolute, sums.SquaredScaled, sums.DirectionHits, sums.DirectionTotal);
    }

    /// <summary>Metrics of <paramref name="model"/> at <paramref name="h"/>; ratios are to naive at the same h.</summary>
    public HorizonMetrics Metrics(int model, int h)
    {
        int i = (model * horizon) + h - 1, naive = (ModelNames.NaiveIndex * horizon) + h - 1;
        long n = _count[i];
        double rmse = n > 0 ? Math.Sqrt(_squared[i] / n) : double.NaN;
        double mae = n > 0 ? _absolute[i] / n : double.NaN;
        double naiveRmse = _count[naive] > 0 ? Math.Sqrt(_squared[naive] / _count[naive]) : double.NaN;
        double naiveMae = _count[naive] > 0 ? _absolute[naive] / _count[naive] : double.NaN;
        return new HorizonMetrics(
            h,
            n,
            rmse,
            mae,
            n > 0 ? Math.Sqrt(_squaredScaled[i] / n) : double.NaN,
            naiveMae > 0 ? mae / naiveMae : double.NaN,
            naiveRmse > 0 ? rmse / naiveRmse : double.NaN,
            _directionTotal[i] > 0 ? (double)_directionHits[i] / _directionTotal[i] : double.NaN);
    }
}
