using System.CommandLine;
using StreamForecast.MarketData;
using StreamForecast.Forecasting.Preprocessing;

namespace StreamForecast.Predictor.Tools.Cli;

/// <summary>
/// The data flags <c>train</c> and <c>backtest</c> share. Backtest reads one series of one file; train (pooled)
/// takes several <c>--data</c>/<c>--series</c> pairs, several series of one file, or every series of a long file.
/// </summary>
internal sealed class DataOptions
{
    private const string DataHelp = "Minute bars: CSV (, ; or tab), gzip or plain; columns found from the header (see the README).";
    private const string SeriesHelp = "The series' name (the key its forecasts carry); in a file with a series column, the rows read.";

    // One file and series (backtest), or several (train): System.CommandLine parses arrays only for options of arity above one.
    private readonly Option<FileInfo>? _file;
    private readonly Option<FileInfo[]>? _files;
    private readonly Option<string>? _series;
    private readonly Option<string[]>? _seriesList;

    public DataOptions(bool pooled = false)
    {
        if (pooled)
        {
            _files = new("--data") { Description = DataHelp + " Repeat it with --series for a global model over several files.", Required = true, Arity = ArgumentArity.OneOrMore };
            _seriesList = new("--series") { Description = SeriesHelp + " Repeat it for a global model; leave it out to pool every series of a long file.", Arity = ArgumentArity.ZeroOrMore };
        }
        else
        {
            _file = new("--data") { Description = DataHelp, Required = true };
            _series = new("--series") { Description = SeriesHelp, Required = true };
        }
    }

    private Option Data => (Option?)_file ?? _files!;

    private Option Series => (Option?)_series ?? _seriesList!;

    public Option<string?> From { get; } = new("--from") { Description = "First day (yyyy-MM-dd, UTC) or an ISO date-time." };

    public Option<string?> To { get; } = new("--to") { Description = "Last day, inclusive (yyyy-MM-dd, UTC) or an exclusive ISO date-time." };

    public Option<string> BadRows { get; } = new("--bad-rows") { Description = "stop (default) or skip invalid rows; skipped rows are counted.", DefaultValueFactory = _ => "stop" };

    public Option<string> Gap { get; } = new("--gap") { Description = "Missing minutes: zero-fill (default), reset or continue.", DefaultValueFactory = _ => "zero-fill" };

    public Option<int> GapLimit { get; } = new("--gap-limit") { Description = "Minutes up to which a gap is filled (or stepped over); longer gaps reset the series.", DefaultValueFactory = _ => 30 };

    public Option<string?> Columns { get; } = new("--columns") { Description = "time=NAME,close=NAME,…: columns the header's names do not say (open, high, low, volume, series too)." };

    public Option<string?> TimeZone { get; } = new("--tz") { Description = "Zone of date-times without an offset (default UTC), e.g. America/New_York." };

    /// <summary>The one file (backtest).</summary>
    public FileInfo File(ParseResult result) => Files(result)[0];

    /// <summary>The one series (backtest).</summary>
    public string SeriesName(ParseResult result) => SeriesNames(result)[0];

    public FileInfo[] Files(ParseResult result) => _file is null ? result.GetValue(_files!)! : [result.GetValue(_file)!];

    /// <summary>The series named, in order (none: every series of a long file, for train).</summary>
    public string[] SeriesNames(ParseResult result) => _series is null ? result.GetValue(_seriesList!) ?? [] : [result.GetValue(_series)!];

    /// <summary>How a file is read: <paramref name="series"/> selects rows in a file with a series column.</summary>
    public BarFileOptions FileOptions(ParseResult result, string? series) => new(series, result.GetValue(Columns), result.GetValue(TimeZone));

    /// <summary>How the one file is read (backtest).</summary>
    public BarFileOptions FileOptions(ParseResult result) => FileOptions(result, SeriesName(result));

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Data, Series, Columns, TimeZone, From, To, BadRows, Gap, GapLimit })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>A reader of <paramref name="file"/> for <paramref name="series"/> (a long file that lacks it says which series it has).</summary>
    public BarReader Reader(ParseResult result, FileInfo file, string? series) =>
        new(file.FullName, BadRowPolicy(result), DateRange.Parse(result.GetValue(From), result.GetValue(To)), FileOptions(result, series));

    /// <summary>The reader of the one file and series (backtest).</summary>
    public BarReader Reader(ParseResult result) => Reader(result, File(result), SeriesName(result));

    public GapPolicy Gaps(ParseResult result) => GapPolicy.Parse(result.GetValue(Gap)!, result.GetValue(GapLimit));

    private BadRowPolicy BadRowPolicy(ParseResult result) => result.GetValue(BadRows) switch
    {
        "stop" => MarketData.BadRowPolicy.Stop,
        "skip" => MarketData.BadRowPolicy.Skip,
        var other => throw new FormatException($"--bad-rows '{other}' is not stop or skip"),
    };
}
