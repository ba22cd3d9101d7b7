using Microsoft.Extensions.Options;

namespace StreamForecast.Predictor.Service;

/// <summary>Validates <see cref="PredictorOptions"/> from its DataAnnotations (source-generated).</summary>
[OptionsValidator]
internal sealed partial class PredictorOptionsValidator : IValidateOptions<PredictorOptions>;
