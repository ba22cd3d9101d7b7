using Microsoft.Extensions.Options;

namespace StreamForecast.ServiceDefaults.Health;

/// <summary>Validates <see cref="HealthOptions"/> from its DataAnnotations (source-generated).</summary>
[OptionsValidator]
internal sealed partial class HealthOptionsValidator : IValidateOptions<HealthOptions>;
