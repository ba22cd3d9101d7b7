using System.Text;

namespace StreamForecast.ServiceDefaults.Configuration;

/// <summary>
/// Writes what System.CommandLine prints (usage, errors) with the assembly's name replaced by the command a user
/// types (<c>STREAM_COMMAND_NAME</c>, e.g. <c>./stream predictor</c>), line by line so a name written in pieces is
/// still found.
/// </summary>
internal sealed class CommandNameWriter(TextWriter inner, string name, string shown) : TextWriter
{
    /// <summary>The variable <c>./stream</c> sets to the command it runs.</summary>
    public const string Variable = "STREAM_COMMAND_NAME";

    private readonly StringBuilder _line = new();

    public override Encoding Encoding => inner.Encoding;

    /// <summary>The name to show: <paramref name="shownAs"/>, else the variable's value; null to show the assembly's.</summary>
    public static string? Shown(string? shownAs) => shownAs ?? (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null);

    /// <summary><paramref name="writer"/> renaming <paramref name="name"/> to <paramref name="shown"/>, or itself when there is none.</summary>
    public static TextWriter Wrap(TextWriter writer, string name, string? shown) =>
        shown is null ? writer : new CommandNameWriter(writer, name, shown);

    public override void Write(char value)
    {
        _line.Append(value);
        if (value == '\n')
        {
            Flush();
        }
    }

    public override void Write(string? value)
    {
        _line.Append(value);
        if (value?.Contains('\n', StringComparison.Ordinal) == true)
        {
            Flush();
        }
    }

    public override void Flush()
    {
        inner.Write(_line.Replace(name, shown).ToString());
        _line.Clear();
        inner.Flush();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
        }

        base.Dispose(disposing);
    }
}
