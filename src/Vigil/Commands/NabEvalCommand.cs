using System.CommandLine;
using Spectre.Console;
using Vigil.Cli;
using Vigil.Detection.Univariate;
using Vigil.Engine.Evaluation.Nab;

namespace Vigil.Commands;

/// <summary>
/// <c>vigil eval nab --data DIR</c>: runs univariate detectors over every file of the Numenta Anomaly Benchmark and
/// scores them exactly as NAB does, beside the published detectors' scores on the same files.
/// </summary>
internal static class NabEvalCommand
{
    public static Command Build(CliIO io)
    {
        var data = new Option<string>("--data") { Description = "The NAB directory (with data/, labels/ and config/), e.g. ../shared/data/nab.", Required = true };
        var detector = new Option<string>("--detector")
        {
            Description = $"The detector to score: {string.Join(", ", UnivariateDetectors.Names)}, or all.",
            DefaultValueFactory = _ => "all",
        };
        var check = new Option<bool>("--check-reference") { Description = "Also rescore NAB's own Windowed Gaussian output and compare with its published per-file scores." };
        var json = CommonOptions.Json();
        var command = new Command("nab", "Score univariate detectors on the Numenta Anomaly Benchmark.") { data, detector, check, json };
        command.SetAction((result, cancellationToken) => Task.FromResult(Run(
            io, result.GetValue(data)!, result.GetValue(detector)!, result.GetValue(check), result.GetValue(json), cancellationToken)));
        return command;
    }

    private static int Run(CliIO io, string dataDir, string detector, bool check, bool json, CancellationToken cancellationToken)
    {
        var names = detector.Equals("all", StringComparison.OrdinalIgnoreCase) ? UnivariateDetectors.Names : [detector];
        foreach (var name in names)
        {
            if (!UnivariateDetectors.Names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                throw new CliException($"unknown detector '{name}'; choose one of {string.Join(", ", UnivariateDetectors.Names)} or all.", VigilCli.Usage);
            }
        }

        NabCorpus corpus;
        try
        {
            corpus = NabCorpus.Load(dataDir);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new CliException($"{dataDir}: {e.Message}");
        }

        // The reference files are read first, so a missing or broken reference fails before the detectors run.
        List<NabPublishedResult> published;
        NabReferenceCheckResult? referenceCheck;
        try
        {
            published = HasReference(dataDir) ? NabPublishedScores.Load(dataDir).NormaliseAll(corpus) : [];
            referenceCheck = check ? NabReferenceCheck.Run(dataDir) : null;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new CliException($"{dataDir}: {e.Message}");
        }

        var reports = new List<NabReport>();
        foreach (var name in names)
        {
            reports.Add(RunDetector(io, corpus, name, cancellationToken));
        }

        if (json)
        {
            JsonLines.Write(io.Out, ToJson(dataDir, corpus, reports, published, referenceCheck), CliJsonContext.Default.NabEvalJson);
            return referenceCheck is { AllMatch: false } ? VigilCli.Failed : VigilCli.Ok;
        }

        WriteTable(io, corpus, reports, published);
        if (referenceCheck is not null)
        {
            var colour = referenceCheck.AllMatch ? "green" : "red";
            io.Console.MarkupLineInterpolated(
                $"[{colour}]Reference check: {referenceCheck.MatchedCount} of {referenceCheck.Rows.Count} published per-file scores of NAB's {referenceCheck.Detector} reproduced[/] (largest per-row difference {referenceCheck.MaxRowScoreDifference:0.##e+0}).");
            foreach (var row in referenceCheck.Rows.Where(r => !r.Matches).Take(10))
            {
                io.Console.MarkupLineInterpolated($"  {row.Profile} {row.RelativePath}: expected {row.Expected.Score:0.######}, got {row.Actual.Score:0.######}");
            }
        }

        return referenceCheck is { AllMatch: false } ? VigilCli.Failed : VigilCli.Ok;
    }

    private static NabReport RunDetector(CliIO io, NabCorpus corpus, string name, CancellationToken cancellationToken)
    {
        if (!io.Interactive)
        {
            return NabEvaluator.Run(corpus, () => UnivariateDetectors.Create(name), null, cancellationToken);
        }

        NabReport report = null!;
        io.ProgressConsole.Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask($"NAB: {name}", maxValue: corpus.Files.Count);
                report = NabEvaluator.Run(corpus, () => UnivariateDetectors.Create(name), new Reporter(task), cancellationToken);
                task.Value = task.MaxValue;
            });
        return report;
    }

    private static bool HasReference(string dataDir) => Directory.Exists(Path.Combine(dataDir, "reference", "per_file_scores"));

    private static void WriteTable(CliIO io, NabCorpus corpus, List<NabReport> reports, List<NabPublishedResult> published)
    {
        var windows = corpus.Files.Sum(f => f.Windows.Count);
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]NAB, {corpus.Files.Count} files, {windows} anomaly windows: normalised scores (100 perfect, 0 null)[/]")
            .AddColumn("detector").AddColumn(new TableColumn("standard").RightAligned())
            .AddColumn(new TableColumn("reward low FP").RightAligned()).AddColumn(new TableColumn("reward low FN").RightAligned());
        foreach (var report in reports)
        {
            table.AddRow(
                $"[bold]{Markup.Escape(report.DetectorName)}[/] (this run)",
                $"[bold]{report["standard"].NormalisedScore:0.0}[/]",
                $"{report["reward_low_FP_rate"].NormalisedScore:0.0}",
                $"{report["reward_low_FN_rate"].NormalisedScore:0.0}");
        }

        foreach (var p in published.Where(p => p.IsComplete).OrderByDescending(p => p.Profiles[0].NormalisedScore))
        {
            table.AddRow(
                $"[grey]{Markup.Escape(p.DisplayName)} (published)[/]",
                $"[grey]{Score(p, "standard"):0.0}[/]",
                $"[grey]{Score(p, "reward_low_FP_rate"):0.0}[/]",
                $"[grey]{Score(p, "reward_low_FN_rate"):0.0}[/]");
        }

        io.Console.Write(table);
        foreach (var report in reports)
        {
            io.Console.MarkupLineInterpolated($"{report.DetectorName}: thresholds {string.Join(", ", report.Profiles.Select(p => $"{p.Profile.Name} {p.Threshold:0.####}"))}");
        }
    }

    private static double Score(NabPublishedResult result, string profile) =>
        result.Profiles.First(p => p.Profile.Name == profile).NormalisedScore;

    private static NabEvalJson ToJson(string dataDir, NabCorpus corpus, List<NabReport> reports, List<NabPublishedResult> published, NabReferenceCheckResult? check) => new(
        dataDir,
        corpus.Files.Count,
        corpus.Files.Sum(f => f.Windows.Count),
        [.. reports.Select(r => new NabDetectorJson(r.DetectorName, false, true, r.Profiles.ToDictionary(
            p => p.Profile.Name,
            p => new NabProfileJson(p.NormalisedScore, p.Score, p.NullScore, p.PerfectScore, p.Threshold))))],
        [.. published.Select(p => new NabDetectorJson(p.DisplayName, true, p.IsComplete, p.Profiles.ToDictionary(
            q => q.Profile.Name,
            q => new NabProfileJson(q.NormalisedScore, q.Score, q.NullScore, q.PerfectScore, null))))],
        check is null ? null : new NabReferenceCheckJson(check.Detector, check.MatchedCount, check.Rows.Count, check.MaxRowScoreDifference));

    private sealed class Reporter(ProgressTask task) : IProgress<NabProgress>
    {
        public void Report(NabProgress value) => task.Value = value.FilesDone;
    }
}
