using Vigil.Engine.Warnings;

namespace Vigil.Engine.Evaluation.Backtest;

/// <summary>How the backtest did on one labelled episode.</summary>
/// <param name="Episode">The episode.</param>
/// <param name="WindowStart">The first day a warning counts for it: <see cref="BacktestManifest.LeadWindowDays"/> trading days before its start.</param>
/// <param name="Warned">Whether a warning was open on some day from <paramref name="WindowStart"/> to the episode's end.</param>
/// <param name="WarningId">The first such warning; null when not warned.</param>
/// <param name="WarningOpened">The day it opened; null when not warned.</param>
/// <param name="LeadTradingDays">Trading days from its opening to the episode's start: positive when it opened before, negative after; null when not warned.</param>
/// <param name="PeakSeverity">The highest severity any warning open in the window reached; <see cref="Severity.None"/> when not warned.</param>
/// <param name="EventType">The first warning's event type; <see cref="EventType.Unclassified"/> when not warned or not classified.</param>
/// <param name="Analogue">The first warning's best-matching past crisis; null when none.</param>
/// <param name="PeakCiss">The highest CISS during the episode itself; null when the index was not ready.</param>
public sealed record BacktestEpisodeResult(
    BacktestEpisode Episode, DateOnly WindowStart, bool Warned, string? WarningId, DateOnly? WarningOpened, int? LeadTradingDays, Severity PeakSeverity, EventType EventType, string? Analogue, double? PeakCiss);

/// <summary>The scored backtest.</summary>
/// <param name="Run">The run scored.</param>
/// <param name="Episodes">Each labelled episode's result, in manifest order.</param>
/// <param name="FalseAlarms">The warnings that opened outside every episode's window, in order.</param>
/// <param name="SpanYears">The span of the trading days, in years of 365.25 days.</param>
/// <param name="FalseAlarmsPerYear">False alarms per year of <paramref name="SpanYears"/>; 0 over an empty span.</param>
/// <param name="FalseAlarmsByYear">False alarms by calendar year of opening, for every year the data covers.</param>
/// <param name="ReadyFrom">The first day with a ready composite; null if never.</param>
public sealed record BacktestEvaluation(
    BacktestRun Run,
    IReadOnlyList<BacktestEpisodeResult> Episodes,
    IReadOnlyList<BacktestWarning> FalseAlarms,
    double SpanYears,
    double FalseAlarmsPerYear,
    IReadOnlyList<KeyValuePair<int, int>> FalseAlarmsByYear,
    DateOnly? ReadyFrom)
{
    /// <summary>The number of episodes warned.</summary>
    public int EpisodesWarned => Episodes.Count(e => e.Warned);

    /// <summary>Scores a run against its manifest's episodes.</summary>
    /// <param name="run">The run.</param>
    public static BacktestEvaluation Evaluate(BacktestRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var days = run.Steps.Select(s => s.Date).ToArray();
        var lead = run.Manifest.LeadWindowDays;
        var episodes = new List<BacktestEpisodeResult>(run.Manifest.Episodes.Count);
        var windows = new List<(DateOnly From, DateOnly To)>();
        foreach (var episode in run.Manifest.Episodes)
        {
            var startIndex = IndexOnOrAfter(days, episode.Start);
            var windowStart = days.Length == 0 ? episode.Start : days[Math.Clamp(startIndex - lead, 0, days.Length - 1)];
            if (windowStart > episode.Start)
            {
                windowStart = episode.Start;
            }

            windows.Add((windowStart, episode.End));
            BacktestWarning? first = null;
            var peak = Severity.None;
            foreach (var w in run.Warnings)
            {
                var closed = w.Closed ?? DateOnly.MaxValue;
                if (w.Opened <= episode.End && closed >= windowStart)
                {
                    first ??= w;
                    peak = w.PeakSeverity > peak ? w.PeakSeverity : peak;
                }
            }

            double? peakCiss = null;
            foreach (var step in run.Steps)
            {
                if (step.Date >= episode.Start && step.Date <= episode.End && double.IsFinite(step.Ciss) && (peakCiss is null || step.Ciss > peakCiss))
                {
                    peakCiss = step.Ciss;
                }
            }

            episodes.Add(new BacktestEpisodeResult(
                episode,
                windowStart,
                first is not null,
                first?.Id,
                first?.Opened,
                first is null ? null : startIndex - IndexOnOrAfter(days, first.Opened),
                peak,
                first?.EventType ?? EventType.Unclassified,
                first?.Analogue,
                peakCiss));
        }

        var falseAlarms = run.Warnings.Where(w => !windows.Any(x => w.Opened >= x.From && w.Opened <= x.To)).ToList();
        var spanYears = days.Length < 2 ? 0 : (days[^1].DayNumber - days[0].DayNumber) / 365.25;
        var byYear = new List<KeyValuePair<int, int>>();
        if (days.Length > 0)
        {
            for (var year = days[0].Year; year <= days[^1].Year; year++)
            {
                byYear.Add(new(year, falseAlarms.Count(w => w.Opened.Year == year)));
            }
        }

        DateOnly? ready = null;
        foreach (var step in run.Steps)
        {
            if (double.IsFinite(step.Composite))
            {
                ready = step.Date;
                break;
            }
        }

        return new BacktestEvaluation(
            run,
            episodes,
            falseAlarms,
            spanYears,
            spanYears > 0 ? falseAlarms.Count / spanYears : 0,
            byYear,
            ready);
    }

    /// <summary>The index of the first trading day on or after <paramref name="date"/>; the day count when none.</summary>
    private static int IndexOnOrAfter(DateOnly[] days, DateOnly date)
    {
        var i = Array.BinarySearch(days, date);
        return i >= 0 ? i : ~i;
    }
}
