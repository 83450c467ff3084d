using Spectre.Console;
using Vigil.Engine.Pipeline;
using Vigil.Engine.Replay;
using Vigil.Engine.Running;

namespace Vigil.Cli;

/// <summary>The end-of-run summary shared by <c>simulate</c> and <c>replay</c>: a table for people or a JSON object.</summary>
internal static class RunReport
{
    public static void Write(CliIO io, bool json, string command, string source, RunResult run, DetectionEngine engine, WarningReporter reporter, ReplaySummary? replay, string? autoencoderModel = null, CalibrationUseJson? calibration = null)
    {
        var eventSeconds = run.Ticks > 0 ? (run.LastEventNs - run.FirstEventNs) / 1e9 : 0.0;
        var warnings = reporter.Warnings.OrderBy(w => w.Id, StringComparer.Ordinal).ToList();
        var risk = RiskSummary.From(engine, autoencoderModel);
        if (json)
        {
            var summary = new RunSummaryJson
            {
                Command = command,
                Source = source,
                Ticks = run.Ticks,
                Steps = run.Steps,
                EventStart = run.Ticks > 0 ? Formatting.IsoTimestamp(run.FirstEventNs) : null,
                EventEnd = run.Ticks > 0 ? Formatting.IsoTimestamp(run.LastEventNs) : null,
                EventSeconds = eventSeconds,
                WallSeconds = run.Elapsed.TotalSeconds,
                RowsRead = replay?.RowsRead,
                MissingValues = replay?.MissingValues,
                Rejected = replay?.Rejections,
                RejectedByReason = replay is null ? null : RejectionsByReason(replay),
                RejectionSamples = replay?.Samples.Select(r => new RejectionJson(r.FilePath, r.LineNumber, r.Reason.ToString(), r.Column, r.Text)).ToList(),
                EngineRejected = engine.Counters.Rejected,
                WarningsOpened = engine.Counters.WarningsOpened,
                WarningsBySeverity = reporter.BySeverity(),
                Warnings = warnings,
                Risk = risk,
                FirstReadyStep = reporter.FirstReadyStep,
                Calibration = calibration,
            };
            JsonLines.Write(io.Out, summary, CliJsonContext.Default.RunSummaryJson);
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{command} summary[/]").AddColumn("").AddColumn(new TableColumn("").RightAligned());
        table.AddRow("source", Markup.Escape(source));
        table.AddRow("ticks processed", run.Ticks.ToString("N0"));
        table.AddRow("market steps", run.Steps.ToString("N0"));
        table.AddRow("event time covered", Formatting.Duration(TimeSpan.FromSeconds(eventSeconds)));
        table.AddRow("wall time", Formatting.Duration(run.Elapsed));
        if (replay is not null)
        {
            table.AddRow("rows read", replay.RowsRead.ToString("N0"));
            table.AddRow("missing values skipped", replay.MissingValues.ToString("N0"));
            table.AddRow("rows rejected", replay.Rejections == 0 ? "0" : $"[yellow]{replay.Rejections:N0}[/]");
            foreach (var (reason, count) in RejectionsByReason(replay))
            {
                table.AddRow($"  {reason}", count.ToString("N0"));
            }
        }

        if (engine.Counters.Rejected > 0)
        {
            table.AddRow("ticks refused by the engine", engine.Counters.Rejected.ToString("N0"));
        }

        table.AddRow("first calibrated step", reporter.FirstReadyStep is { } ready ? ready.ToString("N0") : "none");
        if (calibration is not null)
        {
            table.AddRow("calibration", Markup.Escape(calibration.Uncovered.Count == 0
                ? $"{calibration.Model}, every detector covered"
                : $"{calibration.Model}, not covering {string.Join(", ", calibration.Uncovered)}"));
        }

        table.AddRow("warnings opened", engine.Counters.WarningsOpened.ToString("N0"));
        foreach (var (severity, count) in reporter.BySeverity())
        {
            table.AddRow($"  peak {severity}", count.ToString("N0"));
        }

        io.Console.Write(table);
        var models = new Table().Border(TableBorder.Simple).Title("risk models (final readings)").AddColumn("model").AddColumn("reading");
        foreach (var (model, reading) in RiskSummary.Rows(risk))
        {
            models.AddRow(model, Markup.Escape(reading));
        }

        io.Console.Write(models);
        if (replay is { Samples.Count: > 0 })
        {
            var rejected = new Table().Border(TableBorder.Simple).Title("rejected rows (first ones)")
                .AddColumn("file:line").AddColumn("reason").AddColumn("text");
            foreach (var r in replay.Samples.Take(20))
            {
                rejected.AddRow(Markup.Escape($"{r.FilePath}:{r.LineNumber}"), r.Reason.ToString(), Markup.Escape(r.Text.Length > 60 ? r.Text[..60] + "…" : r.Text));
            }

            io.Console.Write(rejected);
        }

        if (warnings.Count > 0)
        {
            var list = new Table().Border(TableBorder.Simple).Title("warnings")
                .AddColumn("id").AddColumn("opened").AddColumn("closed").AddColumn("peak severity").AddColumn(new TableColumn("peak composite").RightAligned());
            foreach (var w in warnings)
            {
                list.AddRow(w.Id, w.OpenedAt, w.ClosedAt ?? "open", w.PeakSeverity, w.PeakComposite.ToString("0.00"));
            }

            io.Console.Write(list);
        }
    }

    public static IReadOnlyDictionary<string, long> RejectionsByReason(ReplaySummary replay)
    {
        var byReason = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var reason in Enum.GetValues<RejectReason>())
        {
            var count = replay.RejectionsFor(reason);
            if (count > 0)
            {
                byReason[reason.ToString()] = count;
            }
        }

        return byReason;
    }
}
