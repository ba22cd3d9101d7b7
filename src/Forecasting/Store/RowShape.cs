using StreamForecast.Forecasting.Baselines;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Intervals;

namespace StreamForecast.Forecasting.Store;

/// <summary>
/// The few numbers that fix the layout of a series' state (<see cref="RowLayout"/>): written at the head of a
/// state record, so that a record can be read without the model that wrote it.
/// </summary>
/// <param name="Horizon">K.</param>
/// <param name="Models">Forecasters scored (the LSTM and the baselines).</param>
/// <param name="BaselineState">Doubles of every baseline's state together.</param>
/// <param name="BaselineParameters">Doubles a forecast's baseline lines are made of.</param>
/// <param name="ScalerState">Whether the scaler's state changes online (then each pending forecast keeps its own).</param>
/// <param name="Intervals">The interval method.</param>
/// <param name="IntervalModels">Models with intervals.</param>
/// <param name="Levels">Interval levels.</param>
/// <param name="Window">ACI's W (0 under quantile tracking).</param>
/// <param name="Layers">LSTM layers: (h, c) are (layers, H) each, kept by the engine, not in the row.</param>
/// <param name="Hidden">LSTM H.</param>
internal readonly record struct RowShape(
    int Horizon, int Models, int BaselineState, int BaselineParameters, bool ScalerState, IntervalMethod Intervals, int IntervalModels, int Levels, int Window,
    int Layers, int Hidden)
{
    /// <summary>Pending forecasts kept: the last max(K, 2) minutes' (two, so that a minute ago's one-minute forecast is there at K = 1).</summary>
    public int Pending => Math.Max(Horizon, 2);

    /// <summary>Floats of h (and of c): layers × H.</summary>
    public int LstmState => Layers * Hidden;

    public static RowShape Of(ForecastModel model, ForecastSettings settings)
    {
        IBaseline[] baselines = settings.Baselines.Create();
        IntervalSettings intervals = settings.Intervals;
        bool enabled = intervals.Enabled;
        return new RowShape(
            settings.Horizon,
            ModelNames.All.Length,
            baselines.Sum(b => b.StateSize),
            baselines.Sum(b => b.ParameterCount),
            model.Scaler.Stateful,
            intervals.Method,
            enabled ? intervals.Models.Count : 0,
            enabled ? intervals.Levels.Count : 0,
            enabled && intervals.Method == IntervalMethod.Aci ? intervals.Window : 0,
            model.Checkpoint.Shape.Layers,
            model.Checkpoint.Shape.HiddenSize);
    }

    /// <summary>The numbers in a fixed order, as a record stores them.</summary>
    public long[] ToArray() =>
        [Horizon, Models, BaselineState, BaselineParameters, ScalerState ? 1 : 0, (int)Intervals, IntervalModels, Levels, Window, Layers, Hidden];

    /// <summary>Back from <see cref="ToArray"/>; absurd numbers are an <see cref="InvalidDataException"/>.</summary>
    public static RowShape FromArray(ReadOnlySpan<long> values)
    {
        if (values.Length != 11)
        {
            throw new InvalidDataException($"a row shape has 11 numbers, not {values.Length}");
        }

        long[] limits = [120, 64, 1 << 20, 1024, 1, 1, 64, 64, 1 << 20, 1024, 1 << 16];
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] < 0 || values[i] > limits[i])
            {
                throw new InvalidDataException($"row shape number {i} is {values[i]} (at most {limits[i]})");
            }
        }

        return new RowShape((int)values[0], (int)values[1], (int)values[2], (int)values[3], values[4] == 1, (IntervalMethod)values[5], (int)values[6], (int)values[7], (int)values[8], (int)values[9], (int)values[10]);
    }
}
