using Microsoft.Extensions.Options;

namespace StreamForecast.Ingest.Replay;

/// <summary>Validates <see cref="IngestOptions"/> from its DataAnnotations (source-generated).</summary>
[OptionsValidator]
internal sealed partial class IngestOptionsValidator : IValidateOptions<IngestOptions>;
