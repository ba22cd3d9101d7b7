namespace StreamForecast.Predictor.Service.Models;

/// <summary>
/// What a record of the models topic says about the checkpoint it carries (JSON, the first line of its value).
/// </summary>
/// <param name="Format">1.</param>
/// <param name="Route">A name for a set of series (<c>default</c>: every series no other route names).</param>
/// <param name="Series">The route's series: names or patterns (<c>*</c>, <c>?</c>); empty keeps what the route had, or for a new route, the route's name.</param>
/// <param name="Role"><c>champion</c> or <c>challenger</c>.</param>
/// <param name="ModelId">The checkpoint's name (its file name when published).</param>
/// <param name="Sha256">The first 16 hex digits of the checkpoint bytes' SHA-256: names the checkpoint and proves it arrived whole.</param>
/// <param name="StartAt">A challenger's first minute (ISO, UTC); null for a champion.</param>
/// <param name="PromoteAt">The minute a challenger starts serving, or null.</param>
/// <param name="PublishedBy">user@host of whoever published it.</param>
/// <param name="PublishedAt">When (ISO, UTC).</param>
internal sealed record ModelHeader(
    int Format, string Route, IReadOnlyList<string> Series, string Role, string ModelId, string Sha256, string? StartAt, string? PromoteAt, string PublishedBy, string PublishedAt)
{
    public const int CurrentFormat = 1;

    public const string Champion = "champion";

    public const string Challenger = "challenger";
}
