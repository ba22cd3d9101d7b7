using System.Runtime.CompilerServices;
using StreamForecast.Forecasting.Intervals;

namespace StreamForecast.Forecasting.Store;

/// <summary>
/// Where everything a series keeps lies in its row: the one description of a series' state, which the
/// pipeline reads and writes through and a state record copies whole. Sized from a <see cref="RowShape"/>
/// and never changed after. Eight-byte values first, then four-byte ones; the row is a multiple of 8 bytes.
/// K is the horizon, M the models, B the baselines' state, P their parameters, R = max(K, 2) pending
/// forecasts, C the interval models, L the levels, W ACI's window. The LSTM's (h, c) live in the engine's
/// state, by the same slot.
/// </summary>
internal sealed class RowLayout
{
    private readonly List<RowFieldInfo> _fields = [];
    private int _next;

    public RowLayout(RowShape shape)
    {
        Shape = shape;
        int k = shape.Horizon, m = shape.Models, r = shape.Pending, cells = shape.IntervalModels * k, chains = cells * shape.Levels;
        bool aci = shape.Intervals == IntervalMethod.Aci;
        LastTime = Add<long>("last_time", 1, "the last bar's minute (unix s); orders later bars");
        AcceptedTime = Add<long>("accepted_time", 1, "the service: the last accepted bar's minute (validation)");
        InputOffset = Add<long>("input_offset", 1, "the service: input offset of the last bar applied (-1: none)");
        Counters = Add<long>("counters", SeriesCounters.Names.Length, string.Join(", ", SeriesCounters.Names));
        Realised = Add<long>("realised", k, "per h: forecasts realised (scored); the interval chains' n");
        IntervalScored = Add<long>("interval_scored", k, "per h: realised forecasts whose interval was published");
        PendingTime = Add<long>("pending_time", r, "pending forecasts, ring by minute: when made (long.MinValue: none)");
        LastClose = Add<double>("last_close", 1, "the last close (NaN at a segment's start)");
        Scaler = Add<double>("scaler", 1, "the scaler's state");
        Baselines = Add<double>("baselines", shape.BaselineState, "each baseline's state, in report order");
        Squared = Add<double>("squared", m * k, "per model and h: sum of squared price errors");
        Absolute = Add<double>("absolute", m * k, "per model and h: sum of absolute price errors");
        SquaredScaled = Add<double>("squared_scaled", m * k, "per model and h: sum of squared errors in scaled-flow units");
        PendingClose = Add<double>("pending_close", r, "per pending forecast: the close it was made from");
        PendingScaler = Add<double>("pending_scaler", shape.ScalerState ? r : 0, "per pending forecast: the scaler's state then (stateful scalers only)");
        PendingLines = Add<double>("pending_lines", r * shape.BaselineParameters, "per pending forecast: the baselines' parameters");
        Quantile = Add<double>("qt_q", aci ? 0 : chains, "quantile tracking, per chain (C, K, L): q");
        ErrorScale = Add<double>("qt_scale", aci ? 0 : cells, "quantile tracking, per (C, K): the error scale");
        Working = Add<double>("aci_working", aci ? chains : 0, "ACI, per (C, K, L): the working level a");
        Window = Add<double>("aci_window", aci ? cells * shape.Window : 0, "ACI, per (C, K): the last W absolute errors, a ring");
        Sorted = Add<double>("aci_sorted", aci ? cells * shape.Window : 0, "ACI, per (C, K): the same errors, sorted");
        Widths = Add<double>("widths", shape.IntervalModels * shape.Levels * PendingWidths.PerChain(k), "per (C, L), h: the half-widths pending forecasts were issued with, a ring of h");
        IntervalWidth = Add<double>("interval_width", chains, "per (C, K, L): sum of realised intervals' widths");
        IntervalWinkler = Add<double>("interval_winkler", chains, "per (C, K, L): sum of their Winkler scores");
        PendingScaled = Add<float>("pending_scaled", r * k, "per pending forecast: the LSTM's K outputs (scaled flows)");
        DirectionHits = Add<int>("direction_hits", m * k, "per model and h: forecasts whose direction was right");
        DirectionTotal = Add<int>("direction_total", m * k, "per model and h: forecasts with a direction (ties excluded)");
        IntervalMissed = Add<int>("interval_missed", chains, "per (C, K, L): realised intervals that missed");
        Partition = Add<int>("partition", 1, "the service: the input partition of the series' bars");
        Flags = Add<int>("flags", 1, "the service and processor: dirty (changed since the last checkpoint), queued (in the engine batch)");
        Bytes = (_next + 7) & ~7;
    }

    public RowShape Shape { get; }

    /// <summary>Bytes of one row (a multiple of 8).</summary>
    public int Bytes { get; }

    /// <summary>Bytes a series costs in all: its row and its (h, c) in the engine.</summary>
    public int BytesWithLstm => Bytes + (2 * sizeof(float) * Shape.LstmState);

    /// <summary>Every field in row order: name, type, count, offset, bytes, meaning.</summary>
    public IReadOnlyList<RowFieldInfo> Fields => _fields;

    public RowField<long> LastTime { get; }

    public RowField<long> AcceptedTime { get; }

    public RowField<long> InputOffset { get; }

    /// <summary>See <see cref="SeriesCounters"/>.</summary>
    public RowField<long> Counters { get; }

    public RowField<long> Realised { get; }

    public RowField<long> IntervalScored { get; }

    public RowField<long> PendingTime { get; }

    public RowField<double> LastClose { get; }

    public RowField<double> Scaler { get; }

    public RowField<double> Baselines { get; }

    public RowField<double> Squared { get; }

    public RowField<double> Absolute { get; }

    public RowField<double> SquaredScaled { get; }

    public RowField<double> PendingClose { get; }

    public RowField<double> PendingScaler { get; }

    public RowField<double> PendingLines { get; }

    public RowField<double> Quantile { get; }

    public RowField<double> ErrorScale { get; }

    public RowField<double> Working { get; }

    public RowField<double> Window { get; }

    public RowField<double> Sorted { get; }

    public RowField<double> Widths { get; }

    public RowField<double> IntervalWidth { get; }

    public RowField<double> IntervalWinkler { get; }

    public RowField<float> PendingScaled { get; }

    public RowField<int> DirectionHits { get; }

    public RowField<int> DirectionTotal { get; }

    public RowField<int> IntervalMissed { get; }

    public RowField<int> Partition { get; }

    public RowField<int> Flags { get; }

    private RowField<T> Add<T>(string name, int count, string meaning)
        where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        _next = (_next + size - 1) / size * size;
        var field = new RowField<T>(_next, count);
        _fields.Add(new RowFieldInfo(name, typeof(T) == typeof(long) ? "i64" : typeof(T) == typeof(double) ? "f64" : typeof(T) == typeof(float) ? "f32" : "i32", count, _next, field.Bytes, meaning));
        _next += field.Bytes;
        return field;
    }
}

/// <summary>A row field as documentation: its name, value type, count, byte offset and size, and what it holds.</summary>
internal sealed record RowFieldInfo(string Name, string Type, int Count, int Offset, int Bytes, string Meaning);
