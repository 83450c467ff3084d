using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using Spectre.Console;
using Vigil.Cli;
using Vigil.Engine.Evaluation.Markets;

namespace Vigil.Commands;

/// <summary>
/// <c>vigil eval ciss --data DIR</c>: runs the CISS over real daily market history through the streaming
/// <c>CissStressIndex</c> and compares it with published stress indices and known episodes.
/// </summary>
internal static class CissEvalCommand
{
    public static Command Build(CliIO io)
    {
        var data = new Option<string>("--data") { Description = "The markets folder, e.g. ../shared/data/markets.", Required = true };
        var from = new Option<string>("--from") { Description = "The first day run (yyyy-MM-dd).", DefaultValueFactory = _ => "1990-01-01" };
        var to = new Option<string>("--to") { Description = "The last day run (yyyy-MM-dd).", DefaultValueFactory = _ => "2006-12-31" };
        var json = CommonOptions.Json();
        var command = new Command("ciss", "Run the CISS over daily market history and correlate it with published stress indices.") { data, from, to, json };
        command.SetAction((result, _) => Task.FromResult(Run(
            io, result.GetValue(data)!, ParseDate(result.GetValue(from)!, "--from"), ParseDate(result.GetValue(to)!, "--to"), result.GetValue(json))));
        return command;
    }

    private static DateOnly ParseDate(string text, string option) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new CliException($"{option} must be a date as yyyy-MM-dd (got '{text}').", VigilCli.Usage);

    private static int Run(CliIO io, string dataDir, DateOnly from, DateOnly to, bool json)
    {
        if (to < from)
        {
            throw new CliException($"--to ({to:yyyy-MM-dd}) is before --from ({from:yyyy-MM-dd}).", VigilCli.Usage);
        }

        CissEvaluationReport report;
        try
        {
            report = io.Interactive
                ? io.ProgressConsole.Status().Start("running the CISS over daily history", _ => CissMarketEvaluation.Run(dataDir, from, to))
                : CissMarketEvaluation.Run(dataDir, from, to);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new CliException($"{dataDir}: {e.Message}");
        }

        if (json)
        {
            JsonLines.Write(io.Out, ToJson(dataDir, report), CissJsonContext.Default.CissEvalJson);
            return VigilCli.Ok;
        }

        io.Console.MarkupLineInterpolated($"[bold]CISS over {report.From:yyyy-MM-dd} – {report.To:yyyy-MM-dd}[/]: {report.Days} trading days, ready from {Day(report.ReadyFrom)}, median {Number(report.Median)}.");
        var inputs = new Table().Border(TableBorder.Rounded).Title("[bold]inputs[/]")
            .AddColumn("symbol").AddColumn("segment").AddColumn(new TableColumn("days").RightAligned()).AddColumn("first").AddColumn(new TableColumn("malformed").RightAligned()).AddColumn("file");
        foreach (var input in report.Inputs)
        {
            inputs.AddRow(
                Markup.Escape(input.Symbol),
                Markup.Escape(input.Segment ?? "-"),
                input.Found ? input.Observations.ToString(CultureInfo.InvariantCulture) : "[yellow]missing[/]",
                Day(input.First),
                input.MalformedRows.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(input.File));
        }

        io.Console.Write(inputs);
        var comparisons = new Table().Border(TableBorder.Rounded).Title("[bold]against published stress indices[/]")
            .AddColumn("index").AddColumn("compared").AddColumn(new TableColumn("dates").RightAligned()).AddColumn("from").AddColumn("to")
            .AddColumn(new TableColumn("Pearson").RightAligned()).AddColumn(new TableColumn("Spearman").RightAligned());
        foreach (var c in report.Comparisons)
        {
            comparisons.AddRow(
                Markup.Escape(c.Index),
                c.Found ? (c.Weekly ? "weekly" : "daily") : "[yellow]missing[/]",
                c.Count.ToString(CultureInfo.InvariantCulture),
                Day(c.First),
                Day(c.Last),
                Number(c.Pearson),
                Number(c.Spearman));
        }

        io.Console.Write(comparisons);
        var episodes = new Table().Border(TableBorder.Rounded).Title("[bold]known episodes[/]")
            .AddColumn("episode").AddColumn("from").AddColumn("to").AddColumn(new TableColumn("peak").RightAligned()).AddColumn("on")
            .AddColumn(new TableColumn("peak percentile").RightAligned()).AddColumn(new TableColumn("mean").RightAligned());
        foreach (var e in report.Episodes)
        {
            episodes.AddRow(
                Markup.Escape(e.Episode.Name),
                Day(e.Episode.From),
                Day(e.Episode.To),
                Number(e.Peak),
                Day(e.PeakDate),
                e.PeakPercentile is { } p ? p.ToString("P0", CultureInfo.InvariantCulture) : "-",
                Number(e.Mean));
        }

        io.Console.Write(episodes);
        return VigilCli.Ok;
    }

    private static string Day(DateOnly? date) => date is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "-";

    private static string Number(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "-";

    private static CissEvalJson ToJson(string dataDir, CissEvaluationReport report) => new(
        dataDir,
        Day(report.From),
        Day(report.To),
        report.Days,
        report.ReadyFrom is null ? null : Day(report.ReadyFrom),
        report.Median,
        [.. report.Inputs.Select(i => new CissInputJson(i.Symbol, i.Segment, i.File, i.Found, i.Observations, i.First is null ? null : Day(i.First), i.MalformedRows))],
        [.. report.Comparisons.Select(c => new CissComparisonJson(c.Index, c.Weekly, c.Found, c.Count, c.First is null ? null : Day(c.First), c.Last is null ? null : Day(c.Last), c.Pearson, c.Spearman))],
        [.. report.Episodes.Select(e => new CissEpisodeJson(e.Episode.Name, Day(e.Episode.From), Day(e.Episode.To), e.Peak, e.PeakDate is null ? null : Day(e.PeakDate), e.PeakPercentile, e.Mean))]);
}

/// <summary>One input in <c>eval ciss --json</c>.</summary>
internal sealed record CissInputJson(string Symbol, string? Segment, string File, bool Found, int Days, string? First, int MalformedRows);

/// <summary>One published index in <c>eval ciss --json</c>.</summary>
internal sealed record CissComparisonJson(string Index, bool Weekly, bool Found, int Dates, string? From, string? To, double? Pearson, double? Spearman);

/// <summary>One episode in <c>eval ciss --json</c>.</summary>
internal sealed record CissEpisodeJson(string Episode, string From, string To, double? Peak, string? PeakDate, double? PeakPercentile, double? Mean);

/// <summary>The one JSON object <c>eval ciss --json</c> writes.</summary>
internal sealed record CissEvalJson(
    string Data,
    string From,
    string To,
    int Days,
    string? ReadyFrom,
    double? Median,
    IReadOnlyList<CissInputJson> Inputs,
    IReadOnlyList<CissComparisonJson> Comparisons,
    IReadOnlyList<CissEpisodeJson> Episodes);

/// <summary>The JSON of <c>eval ciss</c>, with the same settings as the other commands' output.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(CissEvalJson))]
internal sealed partial class CissJsonContext : JsonSerializerContext;
