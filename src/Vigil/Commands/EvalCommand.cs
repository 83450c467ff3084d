using System.CommandLine;
using Spectre.Console;
using Vigil.Cli;
using Vigil.Engine.Evaluation.Episodes;
using Vigil.Engine.Pipeline;
using Vigil.Engine.Replay;
using Vigil.Engine.Running;
using Vigil.Engine.Sources;

namespace Vigil.Commands;

/// <summary><c>vigil eval</c>: how good the engine is on labelled data no one here wrote.</summary>
internal static class EvalCommand
{
    public static Command Build(CliIO io)
    {
        var command = new Command("eval", "Measure detection quality on labelled data.");
        command.Subcommands.Add(BuildEpisodes(io));
        command.Subcommands.Add(NabEvalCommand.Build(io));
        command.Subcommands.Add(CissEvalCommand.Build(io));
        command.Subcommands.Add(MertonEvalCommand.Build(io));
        return command;
    }

    private static Command BuildEpisodes(CliIO io)
    {
        var file = new Argument<string>("FILE") { Description = "The tick file." };
        var labels = new Option<string>("--labels") { Description = "The labels file (*.labels.json) with the episodes.", Required = true };
        var format = CommonOptions.Format();
        var json = CommonOptions.Json();
        var command = new Command("episodes", "Check that a warning opens inside each labelled episode, how soon, and count false alarms.") { file, labels, format, json };
        command.SetAction((result, cancellationToken) =>
            RunEpisodesAsync(io, result.GetValue(file)!, result.GetValue(labels)!, result.GetValue(format), result.GetValue(json), cancellationToken));
        return command;
    }

    private static async Task<int> RunEpisodesAsync(CliIO io, string path, string labelsPath, ReplayFormat format, bool json, CancellationToken cancellationToken)
    {
        EpisodeLabels labels;
        try
        {
            labels = EpisodeLabels.Load(labelsPath);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new CliException(e.Message);
        }

        var replay = ReplaySetup.Open(path, format, strict: false);
        await using var source = new ReadAheadTickSource(replay);
        var reporter = new WarningReporter(io, json) { Live = false };
        var engine = new DetectionEngine(replay.Registry, ReplaySetup.EngineOptionsFor(replay, EngineProfile.Auto, 0), reporter);
        await ReplaySetup.GuardAsync(() => EngineProgress.RunAsync(
            io, $"evaluating {Path.GetFileName(path)}", null, _ => 0,
            progress => EngineRunner.RunAsync(source, engine, progress, EngineRunner.DefaultBufferLength, cancellationToken)));
        var report = EpisodeEvaluator.Evaluate(labels, reporter.Events);
        if (json)
        {
            var result = new EpisodeEvalJson(
                path,
                labelsPath,
                [.. report.Episodes.Select(e => new EpisodeJson(
                    e.Episode.Id, e.Episode.Type, Formatting.IsoTimestamp(e.Episode.StartMs * 1_000_000), Formatting.IsoTimestamp(e.Episode.EndMs * 1_000_000),
                    e.Detected, e.DelaySeconds, e.WarningId, e.Detected ? Formatting.SeverityName(e.Severity) : null, e.WarningsOpened))],
                report.DetectedCount,
                report.Episodes.Count,
                report.MaxDelaySeconds,
                report.MeanDelaySeconds,
                [.. report.FalseAlarms.Select(f => new FalseAlarmJson(f.WarningId, Formatting.IsoTimestamp(f.OpenedAtMs * 1_000_000), Formatting.SeverityName(f.Severity)))],
                report.FalseAlarms.Count);
            JsonLines.Write(io.Out, result, CliJsonContext.Default.EpisodeEvalJson);
            return VigilCli.Ok;
        }

        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]episodes in {Markup.Escape(Path.GetFileName(path))}[/]")
            .AddColumn("episode").AddColumn("type").AddColumn("start").AddColumn("warned").AddColumn(new TableColumn("delay").RightAligned()).AddColumn("severity").AddColumn("warning");
        foreach (var e in report.Episodes)
        {
            table.AddRow(
                e.Episode.Id.ToString(),
                e.Episode.Type,
                Formatting.Timestamp(e.Episode.StartMs * 1_000_000),
                e.Detected ? "[green]yes[/]" : "[red]no[/]",
                e.DelaySeconds is { } d ? $"{d:0.00} s" : "-",
                e.Detected ? $"[{Formatting.SeverityColour(e.Severity)}]{Formatting.SeverityName(e.Severity)}[/]" : "-",
                e.WarningId ?? "-");
        }

        io.Console.Write(table);
        io.Console.MarkupLineInterpolated($"Detected {report.DetectedCount} of {report.Episodes.Count} episodes; max delay {(report.MaxDelaySeconds is { } max ? $"{max:0.00} s" : "-")}, mean {(report.MeanDelaySeconds is { } mean ? $"{mean:0.00} s" : "-")}.");
        io.Console.MarkupLineInterpolated($"False alarms (warnings opened outside every episode): {report.FalseAlarms.Count}");
        foreach (var f in report.FalseAlarms)
        {
            io.Console.MarkupLineInterpolated($"  {f.WarningId} at {Formatting.Timestamp(f.OpenedAtMs * 1_000_000)} ({Formatting.SeverityName(f.Severity)})");
        }

        return VigilCli.Ok;
    }
}
