using Vigil.Core.Market;
using Vigil.Engine.Warnings;

namespace Vigil.Engine.Evaluation.Episodes;

/// <summary>How the engine did on one labelled episode.</summary>
/// <param name="Episode">The episode.</param>
/// <param name="Detected">Whether a warning opened inside it.</param>
/// <param name="DelaySeconds">Seconds from the episode's start to the first warning opened inside it; null when none.</param>
/// <param name="WarningId">The first warning opened inside it; null when none.</param>
/// <param name="Severity">That warning's severity when it opened.</param>
/// <param name="WarningsOpened">How many warnings opened inside it (more than one means the episode was split).</param>
public sealed record EpisodeResult(LabelledEpisode Episode, bool Detected, double? DelaySeconds, string? WarningId, Severity Severity, int WarningsOpened);

/// <summary>A warning that opened outside every labelled episode.</summary>
/// <param name="WarningId">The warning.</param>
/// <param name="OpenedAtMs">When it opened, in milliseconds since the Unix epoch.</param>
/// <param name="Severity">Its severity when it opened.</param>
public sealed record FalseAlarm(string WarningId, long OpenedAtMs, Severity Severity);

/// <summary>The engine's result against a labels file.</summary>
/// <param name="Episodes">One result per episode, in start order.</param>
/// <param name="FalseAlarms">Warnings opened outside every episode.</param>
public sealed record EpisodeReport(IReadOnlyList<EpisodeResult> Episodes, IReadOnlyList<FalseAlarm> FalseAlarms)
{
    /// <summary>The number of episodes a warning opened inside.</summary>
    public int DetectedCount => Episodes.Count(e => e.Detected);

    /// <summary>The longest delay among detected episodes, in seconds; null when none was detected.</summary>
    public double? MaxDelaySeconds => Episodes.Where(e => e.Detected).Select(e => e.DelaySeconds).Max();

    /// <summary>The mean delay among detected episodes, in seconds; null when none was detected.</summary>
    public double? MeanDelaySeconds => DetectedCount == 0 ? null : Episodes.Where(e => e.Detected).Average(e => e.DelaySeconds);
}

/// <summary>
/// Scores opened warnings against labelled episodes: an episode is detected when a warning opens inside it
/// (start and end inclusive), with the delay from its start; every warning that opens outside all episodes is a
/// false alarm. A warning opened before an episode and still open when it starts does not detect it.
/// </summary>
public static class EpisodeEvaluator
{
    /// <summary>Scores <paramref name="opened"/> against <paramref name="labels"/>.</summary>
    /// <param name="labels">The labelled episodes.</param>
    /// <param name="opened">The warnings' opening events (other kinds are ignored).</param>
    public static EpisodeReport Evaluate(EpisodeLabels labels, IEnumerable<WarningEvent> opened)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(opened);
        var openings = opened.Where(w => w.Kind == WarningTransition.Opened).OrderBy(w => w.TimestampNs).ToList();
        var results = new List<EpisodeResult>(labels.Episodes.Count);
        foreach (var episode in labels.Episodes)
        {
            var inside = openings.Where(w => Inside(episode, w)).ToList();
            if (inside.Count == 0)
            {
                results.Add(new EpisodeResult(episode, false, null, null, Severity.None, 0));
                continue;
            }

            var first = inside[0];
            var delay = (first.TimestampNs - (episode.StartMs * TimeUnits.NsPerMillisecond)) / (double)TimeUnits.NsPerSecond;
            results.Add(new EpisodeResult(episode, true, delay, first.WarningId, first.Severity, inside.Count));
        }

        var falseAlarms = openings
            .Where(w => !labels.Episodes.Any(e => Inside(e, w)))
            .Select(w => new FalseAlarm(w.WarningId, w.TimestampNs / TimeUnits.NsPerMillisecond, w.Severity))
            .ToList();
        return new EpisodeReport(results, falseAlarms);
    }

    private static bool Inside(LabelledEpisode episode, WarningEvent warning)
    {
        var ms = warning.TimestampNs / TimeUnits.NsPerMillisecond;
        return ms >= episode.StartMs && ms <= episode.EndMs;
    }
}
