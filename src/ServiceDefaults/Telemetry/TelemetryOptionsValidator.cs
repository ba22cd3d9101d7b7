using Microsoft.Extensions.Options;

namespace StreamForecast.ServiceDefaults.Telemetry;

/// <summary>Validates <see cref="TelemetryOptions"/> from its DataAnnotations (source-generated).</summary>
[OptionsValidator]
internal sealed partial class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>;
