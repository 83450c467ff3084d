using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;
using Vigil.Cli;
using Vigil.Engine.Evaluation.Backtest;
using Vigil.Engine.Warnings;

namespace Vigil.Commands;

/// <summary>
/// <c>vigil backtest --manifest FILE [--data DIR] [--out DIR]</c>: replays the daily history a manifest describes
/// through the engine and writes <c>report.html</c> (charts and tables) and <c>summary.json</c> (the scores) to the
/// output folder.
/// </summary>
internal static class BacktestCommand
{
    /// <summary>The report's file name in the output folder.</summary>
    public const string ReportFile = "report.html";

    /// <summary>The summary's file name in the output folder.</summary>
    public const string SummaryFile = "summary.json";

    /// <summary>The per-day file's name in the output folder.</summary>
    public const string StepsFile = "steps.csv";

    public static Command Build(CliIO io)
    {
        var manifest = new Option<string>("--manifest") { Description = "The backtest manifest (JSON; see docs/backtest.md).", Required = true };
        var data = new Option<string?>("--data") { Description = "The folder the manifest's files are relative to; default the manifest's folder." };
        var output = new Option<string>("--out") { Description = "The folder report.html and summary.json are written to.", DefaultValueFactory = _ => Path.Combine("out", "backtest") };
        var noIndicators = new Option<bool>("--no-indicators") { Description = "Leave the manifest's indicator series out (replay its instruments only)." };
        var json = CommonOptions.Json();
        var command = new Command("backtest", "Replay daily history described by a manifest through the engine and score its warnings against labelled episodes.")
        {
            manifest, data, output, noIndicators, json,
        };
        command.SetAction((result, _) => Task.FromResult(Run(
            io, result.GetValue(manifest)!, result.GetValue(data), result.GetValue(output)!, result.GetValue(noIndicators), result.GetValue(json))));
        return command;
    }

    private static int Run(CliIO io, string manifestPath, string? dataRoot, string outDir, bool noIndicators, bool json)
    {
        BacktestManifest manifest;
        try
        {
            manifest = BacktestManifest.Load(manifestPath, dataRoot);
        }
        catch (BacktestManifestException e)
        {
            throw new CliException(
                $"{manifestPath}: {e.Errors.Count} problem{(e.Errors.Count == 1 ? "" : "s")}:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", e.Errors),
                VigilCli.Usage);
        }

        var options = new BacktestRunOptions { SkipIndicators = noIndicators };
        BacktestRun run;
        try
        {
            run = io.Interactive
                ? RunWithProgress(io, manifest, options)
                : BacktestRunner.Run(manifest, options);
        }
        catch (BacktestException e)
        {
            throw new CliException($"{manifestPath}: {e.Message}");
        }

        var evaluation = BacktestEvaluation.Evaluate(run);
        var summary = BacktestSummary.From(evaluation, noIndicators);
        try
        {
            Directory.CreateDirectory(outDir);
            File.WriteAllText(Path.Combine(outDir, ReportFile), BacktestHtml.Render(evaluation));
            File.WriteAllText(Path.Combine(outDir, SummaryFile), JsonSerializer.Serialize(summary, BacktestJsonContext.Default.BacktestSummaryJson));
            WriteSteps(Path.Combine(outDir, StepsFile), run.Steps);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{outDir}: {e.Message}");
        }

        if (json)
        {
            JsonLines.Write(io.Out, summary, BacktestJsonContext.Default.BacktestSummaryJson);
            return VigilCli.Ok;
        }

        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(manifest.Name)}[/]")
            .AddColumn("episode").AddColumn("start").AddColumn("end").AddColumn("warned").AddColumn(new TableColumn("lead (days)").RightAligned())
            .AddColumn("peak").AddColumn("type").AddColumn("analogue");
        foreach (var e in evaluation.Episodes)
        {
            table.AddRow(
                Markup.Escape(e.Episode.Name),
                Day(e.Episode.Start),
                Day(e.Episode.End),
                e.Warned ? "[green]yes[/]" : "[red]no[/]",
                e.LeadTradingDays?.ToString(CultureInfo.InvariantCulture) ?? "-",
                e.Warned ? $"[{Formatting.SeverityColour(e.PeakSeverity)}]{Formatting.SeverityName(e.PeakSeverity)}[/]" : "-",
                e.Warned ? BacktestSummary.EventTypeName(e.EventType) : "-",
                Markup.Escape(e.Analogue ?? "-"));
        }

        io.Console.Write(table);
        io.Console.MarkupLineInterpolated(
            $"{run.Steps.Count} trading days, {run.Warnings.Count} warnings; {evaluation.EpisodesWarned} of {evaluation.Episodes.Count} episodes warned; {evaluation.FalseAlarms.Count} false alarms ({evaluation.FalseAlarmsPerYear:0.00} a year).");
        io.Console.MarkupLineInterpolated($"Wrote {Path.Combine(outDir, ReportFile)}, {Path.Combine(outDir, SummaryFile)} and {Path.Combine(outDir, StepsFile)}.");
        return VigilCli.Ok;
    }

    /// <summary>One row a trading day: <c>date,composite,ciss,severity,warning_open</c>; empty where not ready.</summary>
    private static void WriteSteps(string path, IReadOnlyList<BacktestStep> steps)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("date,composite,ciss,severity,warning_open");
        foreach (var s in steps)
        {
            writer.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{Day(s.Date)},{(double.IsFinite(s.Composite) ? s.Composite.ToString("0.####", CultureInfo.InvariantCulture) : "")},{(double.IsFinite(s.Ciss) ? s.Ciss.ToString("0.####", CultureInfo.InvariantCulture) : "")},{(s.Severity == Severity.None ? "" : Formatting.SeverityName(s.Severity))},{(s.WarningOpen ? 1 : 0)}"));
        }
    }

    private static BacktestRun RunWithProgress(CliIO io, BacktestManifest manifest, BacktestRunOptions options)
    {
        BacktestRun? run = null;
        io.ProgressConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask($"backtesting {manifest.Name}", maxValue: 1);
                run = BacktestRunner.Run(manifest, options, new SynchronousProgress(p => task.Value = p));
            });
        return run!;
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Reports on the caller's thread, where the engine runs.</summary>
    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}

/// <summary>Builds the <c>summary.json</c> of a backtest.</summary>
internal static class BacktestSummary
{
    /// <summary>An event type as the wire writes it: snake case, for example <c>market_crash</c>.</summary>
    public static string EventTypeName(EventType type) => BacktestManifest.WireName(type);

    public static BacktestSummaryJson From(BacktestEvaluation evaluation, bool indicatorsSkipped)
    {
        var run = evaluation.Run;
        var m = run.Manifest;
        var falseAlarms = evaluation.FalseAlarms.Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
        return new BacktestSummaryJson(
            m.Path,
            m.Name,
            Day(run.Steps[0].Date),
            Day(run.Steps[^1].Date),
            m.Calendar,
            run.Steps.Count,
            evaluation.ReadyFrom is { } r ? Day(r) : null,
            m.LeadWindowDays,
            indicatorsSkipped,
            [.. run.Series.Select(s => new BacktestSeriesJson(
                s.Series.Symbol,
                s.Series.Name,
                BacktestManifest.WireName(s.Series.Kind),
                s.Series.File,
                BacktestManifest.WireName(s.Series.AssetClass),
                BacktestManifest.WireName(s.Series.Segment),
                BacktestManifest.WireName(s.Series.ValueKind),
                BacktestManifest.WireName(s.Series.Category),
                s.Fed,
                s.Observations,
                s.First is { } f ? Day(f) : null,
                s.Last is { } l ? Day(l) : null,
                s.MalformedRows,
                s.OffCalendarDays))],
            [.. evaluation.Episodes.Select(e => new BacktestEpisodeJson(
                e.Episode.Name,
                Day(e.Episode.Start),
                Day(e.Episode.End),
                Day(e.WindowStart),
                e.Warned,
                e.WarningId,
                e.WarningOpened is { } o ? Day(o) : null,
                e.LeadTradingDays,
                e.Warned ? Formatting.SeverityName(e.PeakSeverity) : null,
                e.Warned ? EventTypeName(e.EventType) : null,
                e.Analogue,
                e.PeakCiss is { } p ? Math.Round(p, 4) : null,
                e.Episode.Source))],
            evaluation.EpisodesWarned,
            evaluation.Episodes.Count,
            [.. run.Warnings.Select(w => new BacktestWarningJson(
                w.Id,
                Day(w.Opened),
                w.Closed is { } c ? Day(c) : null,
                Formatting.SeverityName(w.PeakSeverity),
                Math.Round(w.PeakComposite, 4),
                EventTypeName(w.EventType),
                w.Title,
                w.Analogue,
                w.AnalogueSimilarity is { } s ? Math.Round(s, 4) : null,
                falseAlarms.Contains(w.Id)))],
            evaluation.FalseAlarms.Count,
            Math.Round(evaluation.SpanYears, 3),
            Math.Round(evaluation.FalseAlarmsPerYear, 4),
            evaluation.FalseAlarmsByYear.ToDictionary(p => p.Key.ToString(CultureInfo.InvariantCulture), p => p.Value, StringComparer.Ordinal),
            run.RejectedValues);
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>One series in <c>summary.json</c>.</summary>
internal sealed record BacktestSeriesJson(
    string Symbol, string Name, string Kind, string File, string AssetClass, string Segment, string ValueKind, string Category, bool Fed, int Days, string? First, string? Last, int MalformedRows, int OffCalendarDays);

/// <summary>One labelled episode's score in <c>summary.json</c>.</summary>
internal sealed record BacktestEpisodeJson(
    string Name, string Start, string End, string WindowStart, bool Warned, string? WarningId, string? WarningOpened, int? LeadTradingDays, string? PeakSeverity, string? EventType, string? Analogue, double? PeakCiss, string? Source);

/// <summary>One warning in <c>summary.json</c>.</summary>
internal sealed record BacktestWarningJson(
    string Id, string Opened, string? Closed, string PeakSeverity, double PeakComposite, string EventType, string Title, string? Analogue, double? AnalogueSimilarity, bool FalseAlarm);

/// <summary><c>summary.json</c>: the whole backtest's scores (also written to stdout with <c>--json</c>).</summary>
internal sealed record BacktestSummaryJson(
    string Manifest,
    string Name,
    string From,
    string To,
    string Calendar,
    int TradingDays,
    string? ReadyFrom,
    int LeadWindowDays,
    bool IndicatorsSkipped,
    IReadOnlyList<BacktestSeriesJson> Series,
    IReadOnlyList<BacktestEpisodeJson> Episodes,
    int EpisodesWarned,
    int EpisodesTotal,
    IReadOnlyList<BacktestWarningJson> Warnings,
    int FalseAlarms,
    double Years,
    double FalseAlarmsPerYear,
    IReadOnlyDictionary<string, int> FalseAlarmsByYear,
    long RejectedValues);

/// <summary>The JSON of <c>backtest</c>: snake case, nulls written so every field is always there.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(BacktestSummaryJson))]
internal sealed partial class BacktestJsonContext : JsonSerializerContext;
