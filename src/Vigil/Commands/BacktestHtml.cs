using System.Globalization;
using System.Net;
using System.Text;
using Vigil.Engine.Evaluation.Backtest;
using Vigil.Engine.Warnings;

namespace Vigil.Commands;

/// <summary>
/// Writes a backtest as one self-contained HTML page: inline SVG charts drawn here (no script, no network), the
/// episode, warning and false-alarm tables below. Everything that comes from data is HTML-escaped.
/// </summary>
internal static class BacktestHtml
{
    private const double Width = 1100, Height = 244, Left = 44, Right = 10, Top = 36, Bottom = 24;
    private const double PlotWidth = Width - Left - Right, PlotHeight = Height - Top - Bottom;

    public static string Render(BacktestEvaluation evaluation)
    {
        var run = evaluation.Run;
        var m = run.Manifest;
        var html = new StringBuilder(256 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(E($"Backtest: {m.Name}"))
            .Append("</title>\n<style>")
            .Append("body{font-family:system-ui,sans-serif;margin:24px;color:#1d2330;background:#fff}h1{font-size:22px}h2{font-size:17px;margin-top:28px}")
            .Append("table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #d5d9e0;padding:3px 8px;text-align:left}th{background:#f1f3f6}td.n{text-align:right}")
            .Append("svg{display:block;margin:6px 0 0;font-size:11px}.axis{stroke:#9aa3b0;stroke-width:1}.grid{stroke:#eceff3;stroke-width:1}")
            .Append(".line{fill:none;stroke-width:1.2}.ciss{stroke:#2458b3}.composite{stroke:#6b3fa0}.episode{fill:none;stroke:#1d2330;stroke-dasharray:4 3}")
            .Append(".sev-elevated{fill:#f2c94c;background:#f2c94c}.sev-high{fill:#f2994a;background:#f2994a}.sev-severe{fill:#eb5757;background:#eb5757}.sev-extreme{fill:#8e1b1b;background:#8e1b1b}.warning-band{opacity:.35}")
            .Append(".yes{color:#1a7f37;font-weight:600}.no{color:#b42318;font-weight:600}.muted{color:#667085}.key span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}")
            .Append("</style></head><body>\n");
        html.Append("<h1>").Append(E($"Backtest: {m.Name}")).Append("</h1>\n<p class=\"muted\">")
            .Append(E($"{Day(run.Steps[0].Date)} – {Day(run.Steps[^1].Date)}: {run.Steps.Count:N0} trading days of {m.Calendar}; composite ready from {(evaluation.ReadyFrom is { } r ? Day(r) : "never")}; "
                + $"{run.Warnings.Count} warnings; {evaluation.EpisodesWarned} of {evaluation.Episodes.Count} episodes warned; "
                + $"{evaluation.FalseAlarms.Count} false alarms ({evaluation.FalseAlarmsPerYear.ToString("0.00", CultureInfo.InvariantCulture)} a year); lead window {m.LeadWindowDays} trading days."))
            .Append("</p>\n<p class=\"key\">Warnings by peak severity:");
        foreach (var s in new[] { Severity.Elevated, Severity.High, Severity.Severe, Severity.Extreme })
        {
            html.Append("<span class=\"").Append(SeverityClass(s)).Append("\" style=\"opacity:.6\"></span>").Append(Name(s));
        }

        html.Append("; labelled episodes are dashed boxes.</p>\n");
        Chart(html, evaluation, "ciss", "CISS stress index", s => s.Ciss);
        Chart(html, evaluation, "composite", "Composite stress score", s => s.Composite);
        EpisodeTable(html, evaluation);
        WarningTable(html, evaluation);
        FalseAlarmTable(html, evaluation);
        SeriesTable(html, run);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Chart(StringBuilder html, BacktestEvaluation evaluation, string id, string title, Func<BacktestStep, double> value)
    {
        var run = evaluation.Run;
        var steps = run.Steps;
        var days = steps.Select(s => s.Date).ToArray();
        html.Append("<h2>").Append(E(title)).Append("</h2>\n")
            .Append(CultureInfo.InvariantCulture, $"<svg id=\"chart-{id}\" data-days=\"{steps.Count}\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{E(title)}\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        foreach (var level in new[] { 0.0, 0.25, 0.5, 0.75, 1.0 })
        {
            var y = Y(level);
            html.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/><text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{level:0.00}</text>\n");
        }

        var yearEvery = days.Length == 0 ? 1 : Math.Max(1, (days[^1].Year - days[0].Year + 1) / 20);
        for (var i = 0; i < days.Length; i++)
        {
            if ((i == 0 || days[i].Year != days[i - 1].Year) && days[i].Year % yearEvery == 0)
            {
                var x = X(i, days.Length);
                html.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{Height - Bottom}\" y2=\"{Height - Bottom + 4}\"/><text x=\"{x:0.#}\" y=\"{Height - 6}\" text-anchor=\"middle\">{days[i].Year}</text>\n");
            }
        }

        foreach (var w in run.Warnings)
        {
            var from = IndexOf(days, w.Opened);
            var to = w.Closed is { } c ? IndexOf(days, c) : days.Length - 1;
            var x0 = X(from, days.Length);
            var x1 = Math.Max(X(to, days.Length), x0 + 1.5);
            html.Append(CultureInfo.InvariantCulture, $"<rect class=\"warning-band {SeverityClass(w.PeakSeverity)}\" data-warning=\"{E(w.Id)}\" data-severity=\"{Name(w.PeakSeverity)}\" x=\"{x0:0.##}\" y=\"{Top}\" width=\"{x1 - x0:0.##}\" height=\"{PlotHeight}\">")
                .Append("<title>").Append(E(WarningTooltip(w))).Append("</title></rect>\n");
        }

        var row = 0;
        foreach (var e in evaluation.Episodes)
        {
            // Labels alternate between two rows so neighbouring episodes' names do not overprint.
            var labelY = Top - 6 - (12 * (row++ % 2));
            var x0 = X(IndexOf(days, e.Episode.Start), days.Length);
            var x1 = Math.Max(X(IndexOf(days, e.Episode.End), days.Length), x0 + 1.5);
            html.Append(CultureInfo.InvariantCulture, $"<g class=\"episode-mark\"><rect class=\"episode\" x=\"{x0:0.##}\" y=\"{Top}\" width=\"{x1 - x0:0.##}\" height=\"{PlotHeight}\"><title>{E($"{e.Episode.Name}: {Day(e.Episode.Start)} – {Day(e.Episode.End)}")}</title></rect>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{(x0 > Width * 0.8 ? x1 : x0):0.##}\" y=\"{labelY}\" text-anchor=\"{(x0 > Width * 0.8 ? "end" : "start")}\">{E(e.Episode.Name)}</text></g>\n");
        }

        var path = new StringBuilder(steps.Count * 14);
        var points = 0;
        var pen = false;
        for (var i = 0; i < steps.Count; i++)
        {
            var v = value(steps[i]);
            if (!double.IsFinite(v))
            {
                pen = false;
                continue;
            }

            path.Append(pen ? 'L' : 'M').Append(CultureInfo.InvariantCulture, $"{X(i, steps.Count):0.#} {Y(Math.Clamp(v, 0, 1)):0.#}");
            pen = true;
            points++;
        }

        html.Append(CultureInfo.InvariantCulture, $"<path class=\"line {id}\" data-points=\"{points}\" d=\"{path}\"/>\n")
            .Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Height - Bottom}\" y2=\"{Height - Bottom}\"/>\n</svg>\n");
    }

    private static void EpisodeTable(StringBuilder html, BacktestEvaluation evaluation)
    {
        html.Append("<h2>Labelled episodes</h2>\n<table id=\"episodes\"><thead><tr><th>episode</th><th>start</th><th>end</th><th>window from</th><th>warned</th><th>lead (trading days)</th><th>warning</th><th>peak severity</th><th>event type</th><th>analogue</th><th>peak CISS</th><th>dates from</th></tr></thead><tbody>\n");
        foreach (var e in evaluation.Episodes)
        {
            html.Append("<tr><td>").Append(E(e.Episode.Name)).Append("</td><td>").Append(Day(e.Episode.Start)).Append("</td><td>").Append(Day(e.Episode.End))
                .Append("</td><td>").Append(Day(e.WindowStart)).Append("</td><td class=\"").Append(e.Warned ? "yes\">yes" : "no\">no")
                .Append("</td><td class=\"n\">").Append(e.LeadTradingDays?.ToString(CultureInfo.InvariantCulture) ?? "–")
                .Append("</td><td>").Append(E(e.WarningId is null ? "–" : $"{e.WarningId} ({Day(e.WarningOpened!.Value)})"))
                .Append("</td><td>").Append(e.Warned ? Name(e.PeakSeverity) : "–")
                .Append("</td><td>").Append(e.Warned ? BacktestSummary.EventTypeName(e.EventType) : "–")
                .Append("</td><td>").Append(E(e.Analogue ?? "–"))
                .Append("</td><td class=\"n\">").Append(e.PeakCiss is { } p ? p.ToString("0.000", CultureInfo.InvariantCulture) : "–")
                .Append("</td><td>").Append(E(e.Episode.Source ?? "")).Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    private static void WarningTable(StringBuilder html, BacktestEvaluation evaluation)
    {
        var falseAlarms = evaluation.FalseAlarms.Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
        html.Append("<h2>Warnings</h2>\n<table id=\"warnings\"><thead><tr><th>id</th><th>opened</th><th>closed</th><th>peak severity</th><th>peak composite</th><th>event type</th><th>analogue</th><th>false alarm</th><th>title</th></tr></thead><tbody>\n");
        foreach (var w in evaluation.Run.Warnings)
        {
            html.Append("<tr><td>").Append(E(w.Id)).Append("</td><td>").Append(Day(w.Opened)).Append("</td><td>").Append(w.Closed is { } c ? Day(c) : "open")
                .Append("</td><td><span class=\"").Append(SeverityClass(w.PeakSeverity)).Append("\">&nbsp;&nbsp;</span> ").Append(Name(w.PeakSeverity))
                .Append("</td><td class=\"n\">").Append(w.PeakComposite.ToString("0.000", CultureInfo.InvariantCulture))
                .Append("</td><td>").Append(BacktestSummary.EventTypeName(w.EventType))
                .Append("</td><td>").Append(E(w.Analogue is null ? "–" : $"{w.Analogue} ({w.AnalogueSimilarity?.ToString("0.00", CultureInfo.InvariantCulture)})"))
                .Append("</td><td>").Append(falseAlarms.Contains(w.Id) ? "yes" : "")
                .Append("</td><td>").Append(E(w.Title)).Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    private static void FalseAlarmTable(StringBuilder html, BacktestEvaluation evaluation)
    {
        html.Append("<h2>False alarms per year</h2>\n<p>")
            .Append(E($"Warnings that opened outside every episode's window: {evaluation.FalseAlarms.Count} over {evaluation.SpanYears.ToString("0.0", CultureInfo.InvariantCulture)} years, {evaluation.FalseAlarmsPerYear.ToString("0.00", CultureInfo.InvariantCulture)} a year."))
            .Append("</p>\n<table id=\"false-alarms\"><thead><tr><th>year</th><th>false alarms</th></tr></thead><tbody>\n");
        foreach (var (year, count) in evaluation.FalseAlarmsByYear)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{year}</td><td class=\"n\">{count}</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    private static void SeriesTable(StringBuilder html, BacktestRun run)
    {
        html.Append("<h2>Series</h2>\n<table id=\"series\"><thead><tr><th>symbol</th><th>name</th><th>kind</th><th>segment</th><th>category</th><th>fed</th><th>days</th><th>first</th><th>last</th><th>malformed rows</th><th>file</th></tr></thead><tbody>\n");
        foreach (var s in run.Series)
        {
            html.Append("<tr><td>").Append(E(s.Series.Symbol)).Append("</td><td>").Append(E(s.Series.Name))
                .Append("</td><td>").Append(BacktestManifest.WireName(s.Series.Kind)).Append("</td><td>").Append(BacktestManifest.WireName(s.Series.Segment))
                .Append("</td><td>").Append(BacktestManifest.WireName(s.Series.Category)).Append("</td><td>").Append(s.Fed ? "yes" : "no")
                .Append(CultureInfo.InvariantCulture, $"</td><td class=\"n\">{s.Observations}</td><td>{(s.First is { } f ? Day(f) : "–")}</td><td>{(s.Last is { } l ? Day(l) : "–")}</td><td class=\"n\">{s.MalformedRows}</td><td>")
                .Append(E(s.Series.File)).Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    private static string WarningTooltip(BacktestWarning w) =>
        $"{w.Id} {Name(w.PeakSeverity)} {BacktestSummary.EventTypeName(w.EventType)}: {Day(w.Opened)} – {(w.Closed is { } c ? Day(c) : "open")}"
        + (w.Analogue is null ? "" : $"; analogue {w.Analogue} ({w.AnalogueSimilarity?.ToString("0.00", CultureInfo.InvariantCulture)})")
        + $"; {w.Title}";

    private static int IndexOf(DateOnly[] days, DateOnly date)
    {
        var i = Array.BinarySearch(days, date);
        return Math.Clamp(i >= 0 ? i : ~i, 0, Math.Max(0, days.Length - 1));
    }

    private static double X(int index, int count) => Left + (count <= 1 ? 0 : index * PlotWidth / (count - 1));

    private static double Y(double value) => Top + ((1 - value) * PlotHeight);

    private static string SeverityClass(Severity severity) => "sev-" + severity.ToString().ToLowerInvariant();

    private static string Name(Severity severity) => severity.ToString().ToUpperInvariant();

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
