using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace StreamForecast.ServiceDefaults.Configuration;

/// <summary>Binds an options section and validates it at once: a bad value stops the start with the key named.</summary>
internal static class OptionsBinding
{
    public static T Bind<T>(IConfiguration configuration, string section, IValidateOptions<T> validator)
        where T : class, new()
    {
        var options = new T();
        try
        {
            configuration.GetSection(section).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new FormatException($"configuration section {section}: {ex.Message}", ex);
        }

        ValidateOptionsResult result = validator.Validate(section, options);
        return result.Failed ? throw new FormatException($"configuration section {section}: {result.FailureMessage}") : options;
    }
}
