using System.Security.Cryptography;
using System.Text.Json;
using StreamForecast.Engine.Checkpoints;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Rollout;

namespace StreamForecast.Predictor.Service.Models;

/// <summary>
/// One record of the models topic: keyed <c>ROUTE/champion</c> or <c>ROUTE/challenger</c> (compaction keeps each
/// route's newest of each; an empty value retires a challenger), its value the <see cref="ModelHeader"/> as one
/// line of JSON, a newline, then the safetensors checkpoint's bytes exactly as <c>train</c> wrote them.
/// </summary>
internal sealed record ModelRecord(ModelHeader Header, byte[] Checkpoint)
{
    public string Key => KeyOf(Header.Route, Header.Role);

    /// <summary>A challenger's first minute (unix s): its <c>startAt</c>, or the very first for none.</summary>
    public long StartMinute => Header.StartAt is { } at ? RolloutMinute.Parse(at, "startAt") : long.MinValue;

    /// <summary>A challenger's promotion minute (unix s), or null.</summary>
    public long? PromoteMinute => Header.PromoteAt is { } at ? RolloutMinute.Parse(at, "promoteAt") : null;

    public ChallengerPlan Plan => new(StartMinute, PromoteMinute);

    public static string KeyOf(string route, string role) => $"{route}/{role}";

    /// <summary>The route and role a key names, or null when it is not <c>ROUTE/champion</c> or <c>ROUTE/challenger</c>.</summary>
    public static (string Route, string Role)? ParseKey(string? key)
    {
        int slash = key?.LastIndexOf('/') ?? -1;
        if (slash <= 0)
        {
            return null;
        }

        string role = key![(slash + 1)..];
        return role is ModelHeader.Champion or ModelHeader.Challenger ? (key[..slash], role) : null;
    }

    /// <summary>The first 16 hex digits of the bytes' SHA-256.</summary>
    public static string Digest(ReadOnlySpan<byte> checkpoint) => Convert.ToHexStringLower(SHA256.HashData(checkpoint))[..16];

    public byte[] Encode()
    {
        byte[] header = JsonSerializer.SerializeToUtf8Bytes(Header, ModelsJson.Default.ModelHeader);
        byte[] value = new byte[header.Length + 1 + Checkpoint.Length];
        header.CopyTo(value, 0);
        value[header.Length] = (byte)'\n';
        Checkpoint.CopyTo(value, header.Length + 1);
        return value;
    }

    /// <summary>Reads a record; anything malformed throws <see cref="InvalidDataException"/> with the reason.</summary>
    public static ModelRecord Decode(string? key, ReadOnlySpan<byte> value)
    {
        if (ParseKey(key) is not var (route, role))
        {
            throw new InvalidDataException($"key '{key}' is not ROUTE/champion or ROUTE/challenger");
        }

        int newline = value.IndexOf((byte)'\n');
        if (newline < 0)
        {
            throw new InvalidDataException("no header line: a models record is one line of JSON, a newline, then the checkpoint (publish it with ./stream predictor model publish)");
        }

        ModelHeader header;
        try
        {
            header = JsonSerializer.Deserialize(value[..newline], ModelsJson.Default.ModelHeader) ?? throw new InvalidDataException("the header is null");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"the header is not the models header's JSON: {ex.Message}", ex);
        }

        var record = new ModelRecord(header, value[(newline + 1)..].ToArray());
        if (header.Format != ModelHeader.CurrentFormat)
        {
            throw new InvalidDataException($"header format {header.Format}: this predictor reads format {ModelHeader.CurrentFormat}");
        }

        if (header.Route != route || header.Role != role)
        {
            throw new InvalidDataException($"the header says {header.Route}/{header.Role} but the key is {key}");
        }

        if (Digest(record.Checkpoint) != header.Sha256)
        {
            throw new InvalidDataException($"the checkpoint's SHA-256 begins {Digest(record.Checkpoint)}, the header says {header.Sha256}: the bytes are not those published");
        }

        try
        {
            _ = record.Plan;
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException(ex.Message, ex);
        }

        return record;
    }

    /// <summary>The checkpoint as a forecaster that can forecast <paramref name="horizon"/> steps, or <see cref="InvalidDataException"/> with the reason.</summary>
    public ForecastModel Load(int horizon)
    {
        string source = $"{Key} ({Header.ModelId})";
        try
        {
            var model = ForecastModel.FromCheckpoint(Header.ModelId, LstmCheckpoint.FromFile(SafeTensors.Parse(Checkpoint, source), source), source);
            model.RequireHorizon(horizon);
            return model;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidDataException or JsonException or KeyNotFoundException)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
    }
}
