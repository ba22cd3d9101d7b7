using StreamForecast.Forecasting.Intervals;

namespace StreamForecast.Predictor.Service.State;

/// <summary>
/// The interval part of a state record (format 2): cells and levels, each cell's errors oldest first, then
/// per cell and level the working level, realised and missed counts, and the width and Winkler sums.
/// </summary>
internal static class IntervalStateCodec
{
    private const int MaxArray = 1 << 20;

    public static void Write(StateWriter writer, IntervalState state)
    {
        writer.VarInt(state.Errors.Length);
        writer.VarInt(state.Errors.Length == 0 ? 0 : state.Sums.Working.Length / state.Errors.Length);
        foreach (double[] errors in state.Errors)
        {
            writer.Doubles(errors);
        }

        IntervalSums sums = state.Sums;
        for (int i = 0; i < sums.Working.Length; i++)
        {
            writer.Double(sums.Working[i]);
            writer.VarInt(sums.Scored[i]);
            writer.VarInt(sums.Missed[i]);
            writer.Double(sums.Width[i]);
            writer.Double(sums.Winkler[i]);
        }
    }

    public static IntervalState Read(ref StateReader reader)
    {
        int cells = reader.Length(MaxArray);
        int levels = reader.Length(64);
        double[][] errors = new double[cells][];
        for (int cell = 0; cell < cells; cell++)
        {
            errors[cell] = reader.Doubles(MaxArray);
        }

        int n = cells * levels;
        var sums = new IntervalSums(new double[n], new long[n], new long[n], new double[n], new double[n]);
        for (int i = 0; i < n; i++)
        {
            sums.Working[i] = reader.Double();
            sums.Scored[i] = reader.VarInt();
            sums.Missed[i] = reader.VarInt();
            sums.Width[i] = reader.Double();
            sums.Winkler[i] = reader.Double();
        }

        return new IntervalState(errors, sums);
    }

    /// <summary>A pending forecast's half-widths: a flag, then the values if any.</summary>
    public static void WriteHalfWidths(StateWriter writer, double[]? halfWidths)
    {
        writer.Byte(halfWidths is null ? (byte)0 : (byte)1);
        if (halfWidths is not null)
        {
            writer.Doubles(halfWidths);
        }
    }

    public static double[]? ReadHalfWidths(ref StateReader reader) => reader.Byte() switch
    {
        0 => null,
        1 => reader.Doubles(MaxArray),
        byte other => throw new InvalidDataException($"a pending forecast's interval flag is {other}"),
    };
}
