using System.CommandLine;
using System.Text.RegularExpressions;

namespace StreamForecast.ServiceDefaults.Configuration;

/// <summary>
/// Runs a command line so that a parse error never echoes a secret: when the arguments do not parse, what
/// System.CommandLine prints (errors, suggestions, usage) is captured and every value given to a setting whose name
/// looks secret (<c>password</c>, <c>secret</c>, <c>token</c>, <c>key</c>, <c>sasl.*</c>, <c>ssl.*key*</c>), as
/// <c>name=value</c> or as the word after the name, is replaced by <c>***</c> before it is written. Arguments that
/// parse run as they are.
/// </summary>
internal static partial class SafeCommandLine
{
    public const string Mask = "***";

    /// <returns>The exit code.</returns>
    public static Task<int> InvokeAsync(RootCommand root, string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        ParseResult result = root.Parse(args);
        return result.Errors.Count == 0 ? result.InvokeAsync(Configuration(output, error)) : Task.FromResult(Refuse(result, args, output, error));
    }

    /// <summary>The same synchronously.</summary>
    public static int Invoke(RootCommand root, string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        ParseResult result = root.Parse(args);
        return result.Errors.Count == 0 ? result.Invoke(Configuration(output, error)) : Refuse(result, args, output, error);
    }

    /// <summary><paramref name="text"/> with every secret value of <paramref name="args"/> masked.</summary>
    public static string Redact(string text, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(args);
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && LooksSecret(arg[..equals]) && equals < arg.Length - 1)
            {
                text = text.Replace(arg, $"{arg[..equals]}={Mask}", StringComparison.Ordinal);
                text = MaskWord(text, arg[(equals + 1)..]);
            }
            else if (equals < 0 && LooksSecret(arg) && i + 1 < args.Count)
            {
                text = MaskWord(text, args[i + 1]);
            }
        }

        return text;
    }

    private static InvocationConfiguration Configuration(TextWriter? output, TextWriter? error) =>
        new() { Output = output ?? Console.Out, Error = error ?? Console.Error };

    /// <summary>Prints what System.CommandLine says of arguments that do not parse, with the secrets masked.</summary>
    private static int Refuse(ParseResult result, string[] args, TextWriter? output, TextWriter? error)
    {
        var capturedOutput = new StringWriter();
        var capturedError = new StringWriter();
        int code = result.Invoke(new InvocationConfiguration { Output = capturedOutput, Error = capturedError });
        (output ?? Console.Out).Write(Redact(capturedOutput.ToString(), args));
        (error ?? Console.Error).Write(Redact(capturedError.ToString(), args));
        return code;
    }

    /// <summary>Whether a setting's name (a flag, a librdkafka key, an environment name) looks like it holds a secret.</summary>
    public static bool LooksSecret(string name) => SecretName().IsMatch(name);

    /// <summary>Masks <paramref name="word"/> where it stands as a word of its own (quoted, or between spaces), not inside other words.</summary>
    private static string MaskWord(string text, string word) =>
        Regex.Replace(text, $"""(?<=^|[\s'"=])({Regex.Escape(word)})(?=$|[\s'".,])""", Mask, RegexOptions.CultureInvariant | RegexOptions.Multiline);

    [GeneratedRegex(@"password|secret|token|key|(^|[-_.:])sasl\.|(^|[-_.:])ssl\..*key", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();
}
