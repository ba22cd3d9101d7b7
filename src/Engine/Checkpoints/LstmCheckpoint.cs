namespace StreamForecast.Engine.Checkpoints;

/// <summary>
/// A model file: safetensors with PyTorch's names (<c>lstm.weight_ih_l0</c> … <c>head.bias</c>), float32,
/// and string metadata (<c>head_activation</c> required; scaler, lags, data range and so on as the
/// trainer adds them). The shape is read from the tensors, so any layer count and size loads.
/// </summary>
internal sealed record LstmCheckpoint(LstmParameters Parameters, IReadOnlyDictionary<string, string> Metadata)
{
    public const string HeadActivationKey = "head_activation";

    public LstmShape Shape => Parameters.Shape;

    public static LstmCheckpoint Load(string path) => FromFile(SafeTensors.Read(path), path);

    public static LstmCheckpoint FromFile(SafeTensorFile file, string source)
    {
        var tensors = file.Tensors;
        string? unsupported = tensors.Keys.FirstOrDefault(name => name.Contains("_reverse", StringComparison.Ordinal) || name.Contains("weight_hr", StringComparison.Ordinal));
        if (unsupported is not null)
        {
            throw new InvalidDataException($"{source}: tensor {unsupported}: bidirectional LSTMs and projections (proj_size) are not supported.");
        }

        int layers = 0;
        while (tensors.ContainsKey($"lstm.weight_ih_l{layers}"))
        {
            layers++;
        }

        if (layers == 0)
        {
            throw new InvalidDataException($"{source}: no tensor lstm.weight_ih_l0; expected PyTorch names lstm.weight_ih_l0, lstm.weight_hh_l0, …, head.weight, head.bias.");
        }

        SafeTensor recurrent = Require(file, "lstm.weight_hh_l0", source);
        SafeTensor input = file["lstm.weight_ih_l0"];
        SafeTensor head = Require(file, "head.weight", source);
        if (recurrent.Shape.Length != 2 || input.Shape.Length != 2 || head.Shape.Length != 2)
        {
            throw new InvalidDataException($"{source}: lstm.weight_ih_l0 {input.ShapeText}, lstm.weight_hh_l0 {recurrent.ShapeText} and head.weight {head.ShapeText} must be matrices.");
        }

        var shape = new LstmShape(input.Shape[1], recurrent.Shape[1], layers, head.Shape[0]);
        shape.Validate();
        var parameters = new LstmParameters(shape, ParseActivation(file.Metadata, source));
        var known = new HashSet<string>(StringComparer.Ordinal);
        for (int index = 0; index < parameters.Tensors.Count; index++)
        {
            ParameterTensor expected = parameters.Tensors[index];
            known.Add(expected.Name);
            if (!tensors.TryGetValue(expected.Name, out SafeTensor? tensor))
            {
                // PyTorch omits biases when bias=False; they are zeros then.
                if (expected.Name.Contains(".bias", StringComparison.Ordinal))
                {
                    continue;
                }

                throw new InvalidDataException($"{source}: tensor {expected.Name} is missing for a {shape} model.");
            }

            if (!tensor.Shape.SequenceEqual(expected.Shape))
            {
                throw new InvalidDataException(
                    $"{source}: tensor {expected.Name} has shape {tensor.ShapeText}; [{string.Join(", ", expected.Shape)}] expected for a {shape} model.");
            }

            tensor.ToSingles().CopyTo(parameters.Tensor(index));
        }

        string[] unknown = [.. tensors.Keys.Where(name => !known.Contains(name)).Order(StringComparer.Ordinal)];
        if (unknown.Length > 0)
        {
            throw new InvalidDataException($"{source}: unexpected tensors {string.Join(", ", unknown)} (layer count {layers} was read from lstm.weight_ih_l*).");
        }

        return new LstmCheckpoint(parameters, file.Metadata);
    }

    /// <summary>Writes the checkpoint; <c>head_activation</c> always reflects the parameters.</summary>
    public void Save(string path)
    {
        var metadata = new Dictionary<string, string>(Metadata, StringComparer.Ordinal)
        {
            [HeadActivationKey] = Parameters.Activation == HeadActivation.Tanh ? "tanh" : "identity",
        };
        SafeTensors.Write(
            path,
            Parameters.Tensors.Select((tensor, index) => (tensor.Name, tensor.Shape, Parameters.Tensor(index).ToArray())),
            metadata);
    }

    private static SafeTensor Require(SafeTensorFile file, string name, string source) =>
        file.Tensors.TryGetValue(name, out SafeTensor? tensor)
            ? tensor
            : throw new InvalidDataException($"{source}: tensor {name} is missing.");

    private static HeadActivation ParseActivation(IReadOnlyDictionary<string, string> metadata, string source)
    {
        if (!metadata.TryGetValue(HeadActivationKey, out string? value))
        {
            throw new InvalidDataException($"{source}: __metadata__ lacks {HeadActivationKey} (tanh or identity).");
        }

        return value.Trim().ToUpperInvariant() switch
        {
            "TANH" => HeadActivation.Tanh,
            "IDENTITY" or "LINEAR" or "NONE" => HeadActivation.Identity,
            _ => throw new InvalidDataException($"{source}: {HeadActivationKey} '{value}' is not supported (tanh or identity)."),
        };
    }
}
