using System.Globalization;
using System.Net;
using System.Text;

namespace StreamForecast.Predictor.Backtest;

/// <summary>A minimal inline SVG line chart: named lines over a shared x axis, axis labels, a legend.</summary>
internal sealed class SvgChart(string title, string xLabel, string yLabel)
{
    private const int Width = 900, Height = 320, Left = 70, Right = 150, Top = 30, Bottom = 40;
    private static readonly string[] Colours = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#7f7f7f"];
    private readonly List<(string Name, IReadOnlyList<(double X, double Y)> Points, bool Dashed)> _lines = [];

    public Func<double, string> FormatX { get; init; } = x => x.ToString("G4", CultureInfo.InvariantCulture);

    public SvgChart Line(string name, IReadOnlyList<(double X, double Y)> points, bool dashed = false)
    {
        _lines.Add((name, [.. points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y))], dashed));
        return this;
    }

    public string Render()
    {
        var all = _lines.SelectMany(line => line.Points).ToList();
        if (all.Count == 0)
        {
            return $"<p>{WebUtility.HtmlEncode(title)}: no data.</p>";
        }

        double minX = all.Min(p => p.X), maxX = all.Max(p => p.X), minY = all.Min(p => p.Y), maxY = all.Max(p => p.Y);
        if (maxX == minX) { maxX = minX + 1; }
        double pad = (maxY - minY) * 0.05;
        (minY, maxY) = pad > 0 ? (minY - pad, maxY + pad) : (minY - 1, maxY + 1);
        double plotWidth = Width - Left - Right, plotHeight = Height - Top - Bottom;
        string X(double x) => N(Left + ((x - minX) / (maxX - minX) * plotWidth));
        string Y(double y) => N(Top + plotHeight - ((y - minY) / (maxY - minY) * plotHeight));

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"18\" font-size=\"13\" font-weight=\"bold\">{WebUtility.HtmlEncode(title)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{N(plotWidth)}\" height=\"{N(plotHeight)}\" fill=\"none\" stroke=\"#999\"/>");
        for (int tick = 0; tick <= 4; tick++)
        {
            double y = minY + ((maxY - minY) * tick / 4), x = minX + ((maxX - minX) * tick / 4);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 4}\" y=\"{Y(y)}\" text-anchor=\"end\" dominant-baseline=\"middle\">{y.ToString("G6", CultureInfo.InvariantCulture)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Left + plotWidth}\" y1=\"{Y(y)}\" y2=\"{Y(y)}\" stroke=\"#eee\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(x)}\" y=\"{Top + plotHeight + 14}\" text-anchor=\"middle\">{WebUtility.HtmlEncode(FormatX(x))}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (plotWidth / 2)}\" y=\"{Height - 4}\" text-anchor=\"middle\">{WebUtility.HtmlEncode(xLabel)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"12\" y=\"{Top + (plotHeight / 2)}\" transform=\"rotate(-90 12 {Top + (plotHeight / 2)})\" text-anchor=\"middle\">{WebUtility.HtmlEncode(yLabel)}</text>");
        for (int i = 0; i < _lines.Count; i++)
        {
            var (name, points, dashed) = _lines[i];
            string colour = Colours[i % Colours.Length];
            string path = string.Join(" ", points.Select((p, k) => $"{(k == 0 ? 'M' : 'L')}{X(p.X)},{Y(p.Y)}"));
            svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{path}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.3\"{(dashed ? " stroke-dasharray=\"4 3\"" : "")}/>");
            double legendY = Top + 10 + (i * 16);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Width - Right + 10}\" x2=\"{Width - Right + 30}\" y1=\"{N(legendY)}\" y2=\"{N(legendY)}\" stroke=\"{colour}\" stroke-width=\"2\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right + 35}\" y=\"{N(legendY)}\" dominant-baseline=\"middle\">{WebUtility.HtmlEncode(name)}</text>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string N(double value) => value.ToString("F1", CultureInfo.InvariantCulture);
}
