using System.CommandLine;

namespace StreamForecast.ServiceDefaults.Configuration;

/// <summary>A command-line flag and the configuration key it sets.</summary>
/// <param name="Option">The flag.</param>
/// <param name="Key">Section:Property, e.g. <c>Predictor:Horizon</c>.</param>
/// <param name="Convert">Turns the flag's text into the key's (e.g. milliseconds into a TimeSpan).</param>
internal sealed record FlagKey(Option Option, string Key, Func<string, string>? Convert = null);
