using System.Buffers.Binary;
using System.Text.Json;

namespace StreamForecast.Engine.Checkpoints;

/// <summary>
/// Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
/// mapping each name to <c>{dtype, shape, data_offsets}</c> (plus optional <c>__metadata__</c> strings),
/// then the raw little-endian tensor bytes.
/// </summary>
internal static class SafeTensors
{
    private const long MaxHeaderBytes = 100L << 20;
    private const string MetadataKey = "__metadata__";

    /// <summary>Reads every tensor and the metadata; errors name the file and the offending entry.</summary>
    public static SafeTensorFile Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot read: {ex.Message}", ex);
        }

        return Parse(bytes, path);
    }

    private static bool LooksLikeText(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes[..Math.Min(bytes.Length, 64)])
        {
            if (b is < 0x09 or (> 0x0d and < 0x20) or 0x7f)
            {
                return false;
            }
        }

        return true;
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        string text = System.Text.Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 40)]);
        int end = text.IndexOfAny(['\r', '\n']);
        return end >= 0 ? text[..end] : text;
    }

    public static SafeTensorFile Parse(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.Length < 8)
        {
            throw new InvalidDataException($"{source}: not a safetensors file (shorter than its 8-byte header length).");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes || (long)headerLength > bytes.Length - 8)
        {
            // A CSV, a gzip or a text file given where a model goes: say what the file is, not how its bytes misread.
            string what = LooksLikeText(bytes) ? $"it starts with \"{Printable(bytes)}\", text such as a CSV of bars" : bytes[0] == 0x1f && bytes[1] == 0x8b ? "it is gzip-compressed, like a file of bars" : $"its header length {headerLength} does not fit the file of {bytes.Length} bytes";
            throw new InvalidDataException($"{source}: not a safetensors file (a model checkpoint such as models/global-lstm-2x100.safetensors, made by train): {what}.");
        }

        ReadOnlySpan<byte> data = bytes[(8 + (int)headerLength)..];
        var tensors = new Dictionary<string, SafeTensor>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes.Slice(8, (int)headerLength).ToArray());
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: header is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{source}: header is not a JSON object.");
            }

            foreach (JsonProperty entry in document.RootElement.EnumerateObject())
            {
                if (entry.Name == MetadataKey)
                {
                    foreach (JsonProperty item in entry.Value.EnumerateObject())
                    {
                        metadata[item.Name] = item.Value.ValueKind == JsonValueKind.String ? item.Value.GetString()! : item.Value.GetRawText();
                    }

                    continue;
                }

                tensors[entry.Name] = ParseTensor(entry, data, source);
            }
        }

        return new SafeTensorFile(tensors, metadata);
    }

    /// <summary>Writes float32 tensors in the given order with the given metadata.</summary>
    public static void Write(string path, IEnumerable<(string Name, int[] Shape, float[] Values)> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var list = tensors.ToList();
        using var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            if (metadata.Count > 0)
            {
                json.WriteStartObject(MetadataKey);
                foreach ((string key, string value) in metadata.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach ((string name, int[] shape, float[] values) in list)
            {
                long expected = shape.Aggregate(1L, (product, size) => product * size);
                if (expected != values.Length)
                {
                    throw new ArgumentException($"Tensor {name}: shape [{string.Join(", ", shape)}] needs {expected} values, has {values.Length}.");
                }

                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int size in shape)
                {
                    json.WriteNumberValue(size);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + (4L * values.Length));
                json.WriteEndArray();
                json.WriteEndObject();
                offset += 4L * values.Length;
            }

            json.WriteEndObject();
        }

        // Pad the header with spaces so the data starts 8-byte aligned, as the reference writer does.
        while (header.Length % 8 != 0)
        {
            header.WriteByte((byte)' ');
        }

        string temporary = path + ".tmp";
        using (FileStream file = File.Create(temporary))
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            file.Write(length);
            header.Position = 0;
            header.CopyTo(file);
            foreach ((_, _, float[] values) in list)
            {
                byte[] raw = new byte[values.Length * 4];
                for (int i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), values[i]);
                }

                file.Write(raw);
            }
        }

        // A crash mid-write never leaves a truncated checkpoint under the real name.
        File.Move(temporary, path, overwrite: true);
    }

    private static SafeTensor ParseTensor(JsonProperty entry, ReadOnlySpan<byte> data, string source)
    {
        string name = entry.Name;
        try
        {
            JsonElement value = entry.Value;
            string dtype = value.GetProperty("dtype").GetString() ?? "";
            int elementSize = dtype switch
            {
                "F32" => 4,
                "F64" => 8,
                "F16" or "BF16" => 2,
                _ => throw new InvalidDataException($"dtype {dtype} is not supported (F32, F64, F16, BF16 are)"),
            };
            int[] shape = [.. value.GetProperty("shape").EnumerateArray().Select(dim => dim.GetInt32())];
            JsonElement offsets = value.GetProperty("data_offsets");
            long begin = offsets[0].GetInt64(), end = offsets[1].GetInt64();
            long count = shape.Aggregate(1L, (product, size) => product * size);
            if (shape.Any(size => size < 0) || begin < 0 || end < begin || end > data.Length)
            {
                throw new InvalidDataException($"data_offsets [{begin}, {end}] fall outside the {data.Length} data bytes");
            }

            if (end - begin != count * elementSize)
            {
                throw new InvalidDataException($"shape [{string.Join(", ", shape)}] of {dtype} needs {count * elementSize} bytes, offsets give {end - begin}");
            }

            return new SafeTensor(name, dtype, shape, Decode(data[(int)begin..(int)end], dtype));
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or IndexOutOfRangeException)
        {
            throw new InvalidDataException($"{source}: tensor {name}: malformed header entry ({ex.Message}).", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{source}: tensor {name}: {ex.Message}.", ex);
        }
    }

    private static double[] Decode(ReadOnlySpan<byte> raw, string dtype)
    {
        int size = dtype switch { "F64" => 8, "F32" => 4, _ => 2 };
        double[] values = new double[raw.Length / size];
        for (int i = 0; i < values.Length; i++)
        {
            ReadOnlySpan<byte> item = raw.Slice(i * size, size);
            values[i] = dtype switch
            {
                "F64" => BinaryPrimitives.ReadDoubleLittleEndian(item),
                "F32" => BinaryPrimitives.ReadSingleLittleEndian(item),
                "F16" => (double)BinaryPrimitives.ReadHalfLittleEndian(item),
                _ => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(item) << 16),
            };
        }

        return values;
    }
}
