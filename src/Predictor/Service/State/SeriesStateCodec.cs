using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Intervals;
using StreamForecast.Forecasting.Scoring;

namespace StreamForecast.Predictor.Service.State;

/// <summary>
/// The state record's value, format 2 (docs: src/Predictor/Service/State/README.md): little-endian, raw IEEE bits
/// for every float and double (a restore is bit-exact), LEB128 varints for counts, and a CRC-32 of all of it
/// at the end. A record that is short, long, of another format or fails its CRC is refused with the reason.
/// </summary>
internal static class SeriesStateCodec
{
    public const byte Format = 2;

    private const int MaxArray = 1 << 20;

    public static byte[] Write(StateHeader header, SeriesSnapshot snapshot, int horizon)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        Write(buffer, header, snapshot, horizon);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Appends the record to <paramref name="buffer"/> (the checkpointer reuses one across records).</summary>
    public static void Write(ArrayBufferWriter<byte> buffer, StateHeader header, SeriesSnapshot snapshot, int horizon)
    {
        int start = buffer.WrittenCount;
        var writer = new StateWriter(buffer);
        writer.Byte(Format);
        writer.UInt64(header.Fingerprint);
        writer.VarInt(header.Partition);
        writer.VarInt(header.Offset);
        writer.Int64(snapshot.LastTimestamp);
        writer.Double(snapshot.LastClose);
        writer.Double(snapshot.ScalerState);
        foreach (long counter in snapshot.Counters)
        {
            writer.VarInt(counter);
        }

        writer.VarInt(snapshot.Layers);
        writer.Floats(snapshot.Hidden);
        writer.Floats(snapshot.Cell);
        writer.VarInt(snapshot.Baselines.Length);
        foreach (double[] baseline in snapshot.Baselines)
        {
            writer.Doubles(baseline);
        }

        WriteScores(writer, snapshot.Scores, horizon);
        IntervalStateCodec.Write(writer, snapshot.Intervals);
        // A pending forecast is at most K minutes old and its scaler state is often the series' own
        // (a min-max scaler's never changes): minutes back as a varint, the state only where it differs.
        writer.VarInt(snapshot.Pending.Length);
        foreach (PendingForecast pending in snapshot.Pending)
        {
            writer.VarInt(checked(snapshot.LastTimestamp - pending.AsOf));
            writer.Double(pending.Close);
            bool own = BitConverter.DoubleToInt64Bits(pending.Recipe.ScalerState) == BitConverter.DoubleToInt64Bits(snapshot.ScalerState);
            writer.Byte(own ? (byte)0 : (byte)1);
            if (!own)
            {
                writer.Double(pending.Recipe.ScalerState);
            }

            writer.Floats(pending.Recipe.Scaled);
            writer.Doubles(pending.Recipe.BaselineParameters);
            IntervalStateCodec.WriteHalfWidths(writer, pending.HalfWidths);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(buffer.GetSpan(4), Crc32.HashToUInt32(buffer.WrittenSpan[start..]));
        buffer.Advance(4);
    }

    /// <summary>The header alone (for listing), after the format and CRC checks.</summary>
    public static StateHeader ReadHeader(ReadOnlySpan<byte> value)
    {
        var reader = Open(value);
        return Header(ref reader);
    }

    /// <param name="series">The record's key.</param>
    /// <param name="value">The record's value.</param>
    /// <param name="horizon">The K the reader forecasts with (a state of another K is refused), or null to take the record's.</param>
    /// <exception cref="InvalidDataException">The record is not a state of this format, with why.</exception>
    public static (StateHeader Header, SeriesSnapshot Snapshot) Read(string series, ReadOnlySpan<byte> value, int? horizon)
    {
        var reader = Open(value);
        StateHeader header = Header(ref reader);
        long lastTimestamp = reader.Int64();
        double lastClose = reader.Double();
        double scalerState = reader.Double();
        long[] counters = new long[7];
        for (int i = 0; i < counters.Length; i++)
        {
            counters[i] = reader.VarInt();
        }

        int layers = reader.Length(1024);
        float[] hidden = reader.Floats(MaxArray), cell = reader.Floats(MaxArray);
        double[][] baselines = new double[reader.Length(64)][];
        for (int b = 0; b < baselines.Length; b++)
        {
            baselines[b] = reader.Doubles(MaxArray);
        }

        ScoreSums scores = ReadScores(ref reader, horizon);
        IntervalState intervals = IntervalStateCodec.Read(ref reader);
        var pending = new PendingForecast[reader.Length(MaxArray)];
        for (int i = 0; i < pending.Length; i++)
        {
            long asOf = lastTimestamp - reader.VarInt();
            double close = reader.Double();
            double state = reader.Byte() switch
            {
                0 => scalerState,
                1 => reader.Double(),
                byte other => throw new InvalidDataException($"a pending forecast's scaler flag is {other}"),
            };
            var recipe = new ForecastRecipe(reader.Floats(MaxArray), state, reader.Doubles(MaxArray));
            pending[i] = new PendingForecast(asOf, close, recipe, IntervalStateCodec.ReadHalfWidths(ref reader));
        }

        if (!reader.AtEnd)
        {
            throw new InvalidDataException("the record has bytes after the state");
        }

        return (header, new SeriesSnapshot(series, lastTimestamp, lastClose, scalerState, layers, hidden, cell, baselines, scores, intervals, pending, counters));
    }

    private static StateReader Open(ReadOnlySpan<byte> value)
    {
        if (value.Length < 5)
        {
            throw new InvalidDataException($"a state record of {value.Length} bytes is too short");
        }

        if (value[0] != Format)
        {
            throw new InvalidDataException($"state format {value[0]} (this predictor reads format {Format})");
        }

        ReadOnlySpan<byte> body = value[..^4];
        if (Crc32.HashToUInt32(body) != BinaryPrimitives.ReadUInt32LittleEndian(value[^4..]))
        {
            throw new InvalidDataException("the state record fails its CRC-32 (corrupted)");
        }

        var reader = new StateReader(body);
        reader.Byte();
        return reader;
    }

    private static StateHeader Header(ref StateReader reader) => new(reader.UInt64(), checked((int)reader.VarInt()), reader.VarInt());

    // Every model is scored on the same forecasts, so a horizon's count is written once.
    private static void WriteScores(StateWriter writer, ScoreSums scores, int horizon)
    {
        writer.VarInt(scores.Count.Length);
        writer.VarInt(horizon);
        for (int h = 0; h < horizon; h++)
        {
            writer.VarInt(scores.Count[h]);
        }

        for (int i = 0; i < scores.Count.Length; i++)
        {
            writer.Double(scores.Squared[i]);
            writer.Double(scores.Absolute[i]);
            writer.Double(scores.SquaredScaled[i]);
            writer.VarInt(scores.DirectionHits[i]);
            writer.VarInt(scores.DirectionTotal[i]);
        }
    }

    private static ScoreSums ReadScores(ref StateReader reader, int? wanted)
    {
        int cells = reader.Length(MaxArray);
        int horizon = reader.Length(1000);
        if ((wanted is { } k && horizon != k) || horizon == 0 || cells % horizon != 0)
        {
            throw new InvalidDataException($"the scores are for K = {horizon}, not {wanted}");
        }

        long[] perHorizon = new long[horizon];
        for (int h = 0; h < horizon; h++)
        {
            perHorizon[h] = reader.VarInt();
        }

        var sums = new ScoreSums(new long[cells], new double[cells], new double[cells], new double[cells], new long[cells], new long[cells]);
        for (int i = 0; i < cells; i++)
        {
            sums.Count[i] = perHorizon[i % horizon];
            sums.Squared[i] = reader.Double();
            sums.Absolute[i] = reader.Double();
            sums.SquaredScaled[i] = reader.Double();
            sums.DirectionHits[i] = reader.VarInt();
            sums.DirectionTotal[i] = reader.VarInt();
        }

        return sums;
    }
}
