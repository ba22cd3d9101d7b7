using System.Globalization;
using System.IO.Compression;

namespace StreamForecast.MarketData;

/// <summary>
/// Streams minute bars from a CSV file, gzip or plain (told apart by the gzip magic bytes, not the
/// name), in either <see cref="BarFileFormat"/> (told apart by the header). Rows are validated; a bad
/// row stops the read with "file:line: reason" or is skipped and counted, per <see cref="BadRowPolicy"/>.
/// Files must be in time order; reading stops at the end of the range.
/// </summary>
internal sealed class BarReader(string path, BadRowPolicy policy = BadRowPolicy.Stop, DateRange? range = null)
{
    private const string NormalisedHeader = "timestamp,open,high,low,close,volume";
    private const string KaggleHeader = "Timestamp,Open,High,Low,Close,Volume_(BTC),Volume_(Currency),Weighted_Price";

    private readonly DateRange _range = range ?? DateRange.All;

    public BarReadReport Report { get; } = new();

    /// <summary>Called for each row skipped under <see cref="BadRowPolicy.Skip"/>: (line, "file:line", reason).</summary>
    public Action<string, string, string>? Rejected { get; init; }

    /// <summary>Reads the whole file into memory (only when asked: the bars of one series fit easily).</summary>
    public List<Bar> ReadAll() => [.. Read()];

    public IEnumerable<Bar> Read()
    {
        using TextReader reader = Open(path);
        string? header = reader.ReadLine()?.Trim().TrimStart('\uFEFF');
        Report.Format = header switch
        {
            NormalisedHeader => BarFileFormat.Normalised,
            KaggleHeader => BarFileFormat.KaggleBitstamp,
            null => throw new InvalidDataException($"{path}:1: the file is empty."),
            _ => throw new InvalidDataException($"{path}:1: unknown header '{header}'; expected '{NormalisedHeader}' or the Kaggle bitstamp header '{KaggleHeader}'."),
        };
        int expectedFields = Report.Format == BarFileFormat.Normalised ? 6 : 8;
        long previous = long.MinValue;
        long lineNumber = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            Report.Rows++;
            if (Report.Format == BarFileFormat.KaggleBitstamp && line.Contains(",NaN", StringComparison.Ordinal))
            {
                Report.EmptyMinutes++;
                continue;
            }

            string? error = Validate(line, expectedFields, previous, out Bar bar);
            if (error is not null)
            {
                string where = $"{path}:{lineNumber}";
                if (policy == BadRowPolicy.Stop)
                {
                    throw new InvalidDataException($"{where}: {error}");
                }

                Report.Skip(error.Split(" (", 2)[0], where);
                Rejected?.Invoke(line, where, error);
                continue;
            }

            previous = bar.Timestamp;
            if (bar.Timestamp >= _range.To)
            {
                yield break;
            }

            if (bar.Timestamp < _range.From)
            {
                Report.OutOfRange++;
                continue;
            }

            Report.Accepted++;
            yield return bar;
        }
    }

    private static readonly string[] Names = ["open", "high", "low", "close", "volume"];

    private static string? Validate(string line, int expected, long previous, out Bar bar)
    {
        bar = default;
        ReadOnlySpan<char> text = line;
        Span<Range> fields = stackalloc Range[expected + 1];
        int count = text.Split(fields, ',');
        if (count != expected)
        {
            return $"wrong field count ({line.Count(c => c == ',') + 1}, expected {expected})";
        }

        if (!long.TryParse(text[fields[0]], NumberStyles.Integer, CultureInfo.InvariantCulture, out long timestamp))
        {
            return $"unparsable timestamp ('{text[fields[0]]}')";
        }

        Span<double> values = stackalloc double[5];
        for (int i = 0; i < 5; i++)
        {
            ReadOnlySpan<char> field = text[fields[i + 1]];
            if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                return $"unparsable {Names[i]} ('{field}')";
            }

            if (!double.IsFinite(values[i]))
            {
                return $"{Names[i]} is not finite ('{field}')";
            }
        }

        (double open, double high, double low, double close, double volume) = (values[0], values[1], values[2], values[3], values[4]);
        if (open <= 0 || high <= 0 || low <= 0 || close <= 0)
        {
            return $"price not positive (open {open}, high {high}, low {low}, close {close})";
        }

        if (high < Math.Max(open, close))
        {
            return $"high below open or close (high {high}, open {open}, close {close})";
        }

        if (low > Math.Min(open, close))
        {
            return $"low above open or close (low {low}, open {open}, close {close})";
        }

        if (volume < 0)
        {
            return $"negative volume ({volume})";
        }

        if (timestamp == previous)
        {
            return $"duplicate timestamp ({timestamp})";
        }

        if (timestamp < previous)
        {
            return $"timestamp goes back ({timestamp} after {previous})";
        }

        bar = new Bar(timestamp, open, high, low, close, volume);
        return null;
    }

    private static StreamReader Open(string path)
    {
        FileStream file;
        try
        {
            file = File.OpenRead(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot read: {ex.Message}", ex);
        }

        Span<byte> magic = stackalloc byte[2];
        int read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        System.IO.Stream stream = read == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
        return new StreamReader(stream);
    }
}
