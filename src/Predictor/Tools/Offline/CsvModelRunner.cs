using System.Globalization;
using StreamForecast.Engine;
using StreamForecast.Engine.Inference;

namespace StreamForecast.Predictor.Tools.Offline;

/// <summary>
/// Runs a checkpoint over <c>series,timestamp,x[,x1,…]</c> rows in time order (series interleaved),
/// carrying each series' (h, c) across rows, and writes <c>series,timestamp,y[,y1,…]</c>. Consecutive
/// rows of distinct series are stepped together in one batched engine call; because the engine's
/// results do not depend on the batch, this equals stepping row by row.
/// </summary>
internal sealed class CsvModelRunner(IRecurrentBackend backend, int maxBatch = 256)
{
    /// <returns>Rows written.</returns>
    /// <exception cref="InvalidDataException">A row is malformed; the message names line and reason.</exception>
    public long Run(TextReader input, TextWriter output, string source)
    {
        LstmShape shape = backend.Shape;
        ReadHeader(input.ReadLine(), shape.InputSize, source);
        output.WriteLine(string.Join(',', ["series", "timestamp", .. FeatureNames("y", shape.OutputSize)]));

        using IRecurrentState state = backend.CreateState(16);
        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        var batch = new Batch(shape, maxBatch);
        long written = 0;
        int lineNumber = 1;
        string? line;
        while ((line = input.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            string[] fields = line.Split(',');
            if (fields.Length != 2 + shape.InputSize)
            {
                throw Error(source, lineNumber, $"{fields.Length} fields; {2 + shape.InputSize} expected (series, timestamp and {shape.InputSize} inputs)");
            }

            string series = fields[0];
            if (series.Length == 0 || fields[1].Length == 0)
            {
                throw Error(source, lineNumber, "series and timestamp must not be empty");
            }

            if (!slots.TryGetValue(series, out int slot))
            {
                slot = slots.Count;
                slots.Add(series, slot);
                state.EnsureCapacity(slot + 1);
            }

            if (batch.Contains(slot) || batch.Count == maxBatch)
            {
                written += batch.Flush(backend, state, output);
            }

            Span<float> x = batch.Add(slot, series, fields[1]);
            for (int i = 0; i < shape.InputSize; i++)
            {
                if (!float.TryParse(fields[2 + i], NumberStyles.Float, CultureInfo.InvariantCulture, out x[i]) || !float.IsFinite(x[i]))
                {
                    throw Error(source, lineNumber, $"column {FeatureNames("x", shape.InputSize)[i]} value '{fields[2 + i]}' is not a finite number");
                }
            }
        }

        return written + batch.Flush(backend, state, output);
    }

    private static void ReadHeader(string? header, int inputSize, string source)
    {
        if (header is null)
        {
            throw Error(source, 1, "the file is empty; expected header series,timestamp,x…");
        }

        string[] columns = header.Split(',');
        string[] expected = ["series", "timestamp", .. FeatureNames("x", inputSize)];
        string? unknown = columns.FirstOrDefault(column => !expected.Contains(column.Trim(), StringComparer.Ordinal));
        if (unknown is not null)
        {
            throw Error(source, 1, $"unknown column '{unknown}'; the model takes {inputSize} inputs, so the header is {string.Join(',', expected)}");
        }

        if (!columns.Select(column => column.Trim()).SequenceEqual(expected, StringComparer.Ordinal))
        {
            throw Error(source, 1, $"header '{header}' does not match the model's {inputSize} inputs; expected {string.Join(',', expected)}");
        }
    }

    /// <summary>x, x1, x2, … as the header names them.</summary>
    private static string[] FeatureNames(string stem, int count) =>
        [.. Enumerable.Range(0, count).Select(i => i == 0 ? stem : stem + i.ToString(CultureInfo.InvariantCulture))];

    private static InvalidDataException Error(string source, int line, string reason) => new($"{source}:{line}: {reason}");

    /// <summary>Rows waiting for one batched step.</summary>
    private sealed class Batch(LstmShape shape, int capacity)
    {
        private readonly int[] _slots = new int[capacity];
        private readonly string[] _series = new string[capacity];
        private readonly string[] _timestamps = new string[capacity];
        private readonly float[] _inputs = new float[capacity * shape.InputSize];
        private readonly float[] _outputs = new float[capacity * shape.OutputSize];
        private readonly HashSet<int> _members = [];

        public int Count { get; private set; }

        public bool Contains(int slot) => _members.Contains(slot);

        public Span<float> Add(int slot, string series, string timestamp)
        {
            _slots[Count] = slot;
            _series[Count] = series;
            _timestamps[Count] = timestamp;
            _members.Add(slot);
            return _inputs.AsSpan(Count++ * shape.InputSize, shape.InputSize);
        }

        public int Flush(IRecurrentBackend backend, IRecurrentState state, TextWriter output)
        {
            int n = Count;
            if (n == 0)
            {
                return 0;
            }

            backend.Step(state, _slots.AsSpan(0, n), _inputs.AsSpan(0, n * shape.InputSize), _outputs.AsSpan(0, n * shape.OutputSize));
            for (int r = 0; r < n; r++)
            {
                output.Write(_series[r]);
                output.Write(',');
                output.Write(_timestamps[r]);
                for (int j = 0; j < shape.OutputSize; j++)
                {
                    output.Write(',');
                    output.Write(_outputs[(r * shape.OutputSize) + j].ToString("R", CultureInfo.InvariantCulture));
                }

                output.WriteLine();
            }

            Count = 0;
            _members.Clear();
            return n;
        }
    }
}
