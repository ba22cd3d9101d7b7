using System.CommandLine;

namespace StreamForecast.ServiceDefaults.Configuration;

/// <summary>A command-line flag and the configuration key it sets.</summary>
/// <param name="Option">The flag.</param>
/// <param name="Key">Section:Property, e.g. <c>Predictor:Horizon</c>.</param>
/// <param name="Convert">Turns the flag's text into the key's (e.g. milliseconds into a TimeSpan).</param>
/// <param name="Pairs">
/// The flag's values are <c>NAME=VALUE</c> entries of a dictionary property: each sets <c>Key:NAME</c>
/// (<c>--model-for EUR/USD=F</c> sets <c>Predictor:ModelFor:EUR/USD</c>).
/// </param>
internal sealed record FlagKey(Option Option, string Key, Func<string, string>? Convert = null, bool Pairs = false);
