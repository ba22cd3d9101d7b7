using System.CommandLine;
using StreamForecast.MarketData;
using StreamForecast.Forecasting.Preprocessing;

namespace StreamForecast.Predictor.Tools.Cli;

/// <summary>The data flags <c>train</c> and <c>backtest</c> share (and <c>ingest replay</c> will).</summary>
internal sealed class DataOptions
{
    public Option<FileInfo> Data { get; } = new("--data") { Description = "Minute bars: CSV (, ; or tab), gzip or plain; columns found from the header (see the README).", Required = true };

    public Option<string> Series { get; } = new("--series") { Description = "The series' name (the key its forecasts carry); in a file with a series column, the rows read.", Required = true };

    public Option<string?> From { get; } = new("--from") { Description = "First day (yyyy-MM-dd, UTC) or an ISO date-time." };

    public Option<string?> To { get; } = new("--to") { Description = "Last day, inclusive (yyyy-MM-dd, UTC) or an exclusive ISO date-time." };

    public Option<string> BadRows { get; } = new("--bad-rows") { Description = "stop (default) or skip invalid rows; skipped rows are counted.", DefaultValueFactory = _ => "stop" };

    public Option<string> Gap { get; } = new("--gap") { Description = "Missing minutes: zero-fill (default), reset or continue.", DefaultValueFactory = _ => "zero-fill" };

    public Option<int> GapLimit { get; } = new("--gap-limit") { Description = "Minutes up to which a gap is filled (or stepped over); longer gaps reset the series.", DefaultValueFactory = _ => 30 };

    public Option<string?> Columns { get; } = new("--columns") { Description = "time=NAME,close=NAME,…: columns the header's names do not say (open, high, low, volume, series too)." };

    public Option<string?> TimeZone { get; } = new("--tz") { Description = "Zone of date-times without an offset (default UTC), e.g. America/New_York." };

    /// <summary>How the file is read: --series selects rows in a file with a series column.</summary>
    public BarFileOptions FileOptions(ParseResult result) => new(result.GetValue(Series), result.GetValue(Columns), result.GetValue(TimeZone));

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Data, Series, Columns, TimeZone, From, To, BadRows, Gap, GapLimit })
        {
            command.Options.Add(option);
        }
    }

    public BarReader Reader(ParseResult result)
    {
        string policy = result.GetValue(BadRows)!;
        BadRowPolicy parsed = policy switch
        {
            "stop" => BadRowPolicy.Stop,
            "skip" => BadRowPolicy.Skip,
            _ => throw new FormatException($"--bad-rows '{policy}' is not stop or skip"),
        };
        return new BarReader(result.GetValue(Data)!.FullName, parsed, DateRange.Parse(result.GetValue(From), result.GetValue(To)), FileOptions(result));
    }

    public GapPolicy Gaps(ParseResult result) => GapPolicy.Parse(result.GetValue(Gap)!, result.GetValue(GapLimit));
}
