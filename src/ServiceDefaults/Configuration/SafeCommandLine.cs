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
    /// <param name="root">The command line.</param>
    /// <param name="args">The arguments.</param>
    /// <param name="output">Where output goes (the console by default).</param>
    /// <param name="error">Where errors go (the console by default).</param>
    /// <param name="shownAs">The command a user types, shown in usage lines for the assembly's name (default: <c>STREAM_COMMAND_NAME</c>).</param>
    public static Task<int> InvokeAsync(RootCommand root, string[] args, TextWriter? output = null, TextWriter? error = null, string? shownAs = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        ParseResult result = root.Parse(args);
        return result.Errors.Count == 0 ? InvokeShown(root, result, output, error, shownAs) : Task.FromResult(Refuse(root, result, args, output, error, shownAs));
    }

    /// <summary>The same synchronously.</summary>
    public static int Invoke(RootCommand root, string[] args, TextWriter? output = null, TextWriter? error = null, string? shownAs = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        ParseResult result = root.Parse(args);
        if (result.Errors.Count != 0)
        {
            return Refuse(root, result, args, output, error, shownAs);
        }

        // Synchronously, as System.CommandLine runs it: its SIGTERM handling starts before the command's own.
        var (shownOutput, shownError) = Writers(root, output, error, shownAs);
        try
        {
            return result.Invoke(new InvocationConfiguration { Output = shownOutput, Error = shownError });
        }
        finally
        {
            shownOutput.Flush();
            shownError.Flush();
        }
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

    /// <summary>Runs the parsed command with System.CommandLine's own output (help) under the name a user types (see <see cref="CommandNameWriter"/>).</summary>
    private static async Task<int> InvokeShown(RootCommand root, ParseResult result, TextWriter? output, TextWriter? error, string? shownAs)
    {
        var (shownOutput, shownError) = Writers(root, output, error, shownAs);
        try
        {
            return await result.InvokeAsync(new InvocationConfiguration { Output = shownOutput, Error = shownError }).ConfigureAwait(false);
        }
        finally
        {
            shownOutput.Flush();
            shownError.Flush();
        }
    }

    /// <summary>Output and error writers that show the assembly's name as the command a user types.</summary>
    private static (TextWriter Output, TextWriter Error) Writers(RootCommand root, TextWriter? output, TextWriter? error, string? shownAs)
    {
        string? shown = CommandNameWriter.Shown(shownAs);
        return (CommandNameWriter.Wrap(output ?? Console.Out, root.Name, shown), CommandNameWriter.Wrap(error ?? Console.Error, root.Name, shown));
    }

    /// <summary>Prints what System.CommandLine says of arguments that do not parse, with the secrets masked.</summary>
    private static int Refuse(RootCommand root, ParseResult result, string[] args, TextWriter? output, TextWriter? error, string? shownAs)
    {
        var capturedOutput = new StringWriter();
        var capturedError = new StringWriter();
        int code = result.Invoke(new InvocationConfiguration { Output = capturedOutput, Error = capturedError });
        var (shownOutput, shownError) = Writers(root, output, error, shownAs);
        shownOutput.Write(Redact(capturedOutput.ToString(), args));
        shownError.Write(Redact(capturedError.ToString(), args));
        shownOutput.Flush();
        shownError.Flush();
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
